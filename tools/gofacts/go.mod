module allocscope.dev/tools/gofacts

go 1.19
