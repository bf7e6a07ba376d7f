output "queue_arns" {
  description = "ARN of each queue, by its key in `queues`."
  value       = { for key, queue in aws_sqs_queue.this : key => queue.arn }
}

output "queue_urls" {
  description = "URL of each queue, by its key in `queues`."
  value       = { for key, queue in aws_sqs_queue.this : key => queue.url }
}

output "all_queue_arns" {
  description = "ARNs of the queues, in the order Terraform lists them."
  value       = [for queue in aws_sqs_queue.this : queue.arn]
}

output "dead_letter_queue_arn" {
  description = "ARN of the dead-letter queue every queue redrives to."
  value       = aws_sqs_queue.dead_letter.arn
}
