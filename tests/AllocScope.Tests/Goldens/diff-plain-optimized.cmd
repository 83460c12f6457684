diff $FIXTURES/mem-rate1.pprof $FIXTURES/mem-rate1-optimized.pprof --limit 15
