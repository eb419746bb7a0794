// The load tests measure a real API process on a shared two-core machine: running them side by side would make each
// one's figures (and timeouts) depend on the others.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
