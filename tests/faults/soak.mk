# Long variants of the fault and security suites. Included by the Makefile: include tests/faults/soak.mk
soak: setup infra ## Long fault and security suites: 1000 fuzz cases per route, every injection payload (SEED=n)
	@WORKUP_SOAK=1 WORKUP_FUZZ_CASES=$${FUZZ_CASES:-1000} WORKUP_FUZZ_SEED=$${SEED:-$$RANDOM} \
		$(BUN) test --timeout 600000 tests/faults tests/security
