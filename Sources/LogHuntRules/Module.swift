package enum LogHuntRulesModule {}
