# Benchmark targets (included by the Makefile). Options: BENCH_URL, BENCH_ONLY, BENCH_RUNS, BENCH_DURATION_S,
# BENCH_CONNECTIONS, BENCH_USERS, BENCH_WRK=0; see bench/settings.ts.

bench: setup infra ## Benchmark a stack it starts (or BENCH_URL): baselines, scenarios, ratios, bench/results/ (~10 min)
	@$(BUN) bench/main.ts $(ARGS)

bench-quick: setup infra ## Short benchmark run (1 s warm-up, 3 x 2 s runs; under ~2 min)
	@$(BUN) bench/main.ts --quick $(ARGS)

bench-pg: infra ## PostgreSQL alone: a proposal's transaction and baseline (5)'s, replayed by pgbench (~1 min)
	@bash bench/pgbench/run.sh
