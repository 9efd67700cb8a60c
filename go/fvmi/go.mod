module fvmi.invalid/go/fvmi

go 1.19
