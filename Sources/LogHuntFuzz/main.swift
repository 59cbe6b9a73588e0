// Replaced by the fuzzing work (issue 7): corpus replay and libFuzzer entry points.
print("loghunt-fuzz")
