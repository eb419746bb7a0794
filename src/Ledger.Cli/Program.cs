Console.WriteLine("ledger: not implemented yet");
return 1;
