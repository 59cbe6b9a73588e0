package enum LogHuntRegexModule {}
