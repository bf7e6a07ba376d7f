output "topic_arn" {
  description = "ARN of the topic, for publishers and for the subscribed queues' policies."
  value       = aws_sns_topic.this.arn
}

output "topic_name" {
  description = "Name of the topic."
  value       = aws_sns_topic.this.name
}

output "subscription_arns" {
  description = "ARN of each subscription, by its key in `subscriptions`."
  value       = { for key, subscription in aws_sns_topic_subscription.this : key => subscription.arn }
}

output "dead_letter_queue_arn" {
  description = "ARN of the dead-letter queue the subscriptions redrive to; null without subscriptions."
  value       = local.dead_letter_queue_arn
}

output "dead_letter_queue_url" {
  description = "URL of the dead-letter queue; null without subscriptions."
  value       = local.dead_letter_queue_url
}

output "delivery_failure_alarm_arn" {
  description = "ARN of the alarm on failed deliveries."
  value       = aws_cloudwatch_metric_alarm.delivery_failures.arn
}

output "dead_letter_alarm_arn" {
  description = "ARN of the alarm on waiting dead letters; null without subscriptions."
  value       = local.dead_letter_alarm_arn
}
