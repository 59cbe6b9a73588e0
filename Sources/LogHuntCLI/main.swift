import LogHunt

print("loghunt \(LogHuntVersion.current)")
