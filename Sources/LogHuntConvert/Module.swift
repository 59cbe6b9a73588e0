package enum LogHuntConvertModule {}
