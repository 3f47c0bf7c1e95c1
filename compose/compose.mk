# Images and stacks. The root Makefile includes this file:  include compose/compose.mk
WORKUP_IMAGE ?= workup:latest
WORKUP_STACK ?= workup
COMPOSE_FILES := compose/compose.yaml compose/stack.yaml compose/portainer.yaml

.PHONY: build deploy portainer stack-config stack-secrets

build: ## Build the WorkUp image (one image; COMPONENT picks gateway, media, a service or the autoscaler)
	docker build -f compose/Dockerfile -t $(WORKUP_IMAGE) .

stack-secrets: ## Generate random secret files into compose/secrets/ (existing ones are kept)
	sh compose/secrets.sh compose/secrets

deploy: stack-secrets ## Deploy to Docker Swarm (docker stack deploy -c compose/stack.yaml workup)
	WORKUP_IMAGE=$(WORKUP_IMAGE) docker stack deploy -c compose/stack.yaml $(WORKUP_STACK)

portainer: ## Deploy Portainer (agent + server) as the portainer stack
	docker stack deploy -c compose/portainer.yaml portainer

stack-config: ## Validate compose.yaml, stack.yaml and portainer.yaml offline with docker stack config
	@for f in $(COMPOSE_FILES); do docker stack config -c $$f > /dev/null 2>&1 || { docker stack config -c $$f > /dev/null; exit 1; }; echo "valid: $$f"; done
