# Images and Swarm stacks. The root Makefile includes this file. Scripts: compose/images/, compose/swarm/.
WORKUP_STACK ?= workup
COMPOSE_FILES := compose/compose.yaml compose/stack.yaml compose/monitoring.yaml compose/portainer.yaml
export WORKUP_STACK

.PHONY: images build swarm-init deploy deploy-monitoring undeploy ctl-swarm swarm-test
.PHONY: portainer stack-config stack-secrets

images: setup ## Build every image the stack runs (official bases, or local ones from Debian where no registry answers)
	@bash compose/images/build.sh all

build: setup ## Build the WorkUp image only (one image; COMPONENT picks gateway, media, a service or the autoscaler)
	@if [ -f .run/images.env ]; then bash compose/images/build.sh app; else bash compose/images/build.sh all; fi

stack-secrets: ## Generate random secret files into compose/secrets/ (existing ones are kept)
	@sh compose/secrets.sh compose/secrets

swarm-init: ## Install and start a Docker engine if needed and make this machine a single-node swarm
	@bash compose/swarm/init.sh

deploy: images ## Deploy the stack to Swarm and wait until it converges (WORKUP_STACK, WORKUP_HTTP_PORT...)
	@bash compose/swarm/deploy.sh stack.yaml

deploy-monitoring: ## Deploy Prometheus, Grafana and cAdvisor beside a deployed stack (needs their official images)
	@bash compose/swarm/deploy.sh monitoring.yaml

undeploy: ## Remove the deployed stack (WORKUP_REMOVE_VOLUMES=1 removes its data too)
	@bash compose/swarm/undeploy.sh

ctl-swarm: ## Run the controller against the deployed stack: make ctl-swarm ARGS="status jobs"
	@bash compose/swarm/ctl.sh $(ARGS)

swarm-test: setup ## End-to-end test on a real single-node swarm (installs and starts Docker if needed)
	@bash tests/swarm/run.sh

portainer: ## Deploy Portainer (agent + server) as the portainer stack
	docker stack deploy -c compose/portainer.yaml portainer

stack-config: ## Validate the compose and stack files offline with docker stack config
	@docker stack --help 2>/dev/null | grep -qE '^\s+config\s' || { \
		echo "stack-config needs a docker client with 'docker stack config' (Debian's 20.10 has none)"; exit 1; }
	@for f in $(COMPOSE_FILES); do \
		docker stack config -c $$f > /dev/null 2>&1 || { docker stack config -c $$f > /dev/null; exit 1; }; \
		echo "valid: $$f"; \
	done
