report --profile $FIXTURES/mem-rate1.pprof --escape $FIXTURES/m2.txt --source $EXAMPLE --limit 15
