output "topic_arn" {
  description = "ARN of the topic the alarm notifies (in us-east-1)."
  value       = aws_sns_topic.alarms.arn
}

output "alarm_arn" {
  description = "ARN of the 5xx error rate alarm (in us-east-1)."
  value       = aws_cloudwatch_metric_alarm.error_rate.arn
}
