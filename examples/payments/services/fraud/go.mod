module example.com/payments/fraud

go 1.22
