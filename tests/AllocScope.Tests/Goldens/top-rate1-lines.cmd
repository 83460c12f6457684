top $FIXTURES/mem-rate1.pprof --sample-index alloc_objects --by line --limit 15
