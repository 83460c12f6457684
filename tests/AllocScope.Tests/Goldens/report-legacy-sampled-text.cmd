report --profile $FIXTURES/heap-legacy-default.txt --escape $FIXTURES/m2.txt --source $EXAMPLE --limit 8
