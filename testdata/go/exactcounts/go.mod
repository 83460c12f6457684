module example.com/exactcounts

go 1.19
