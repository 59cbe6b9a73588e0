package enum LogHuntReportModule {}
