module example.com/hotspots

go 1.19
