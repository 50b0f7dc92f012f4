output "bus_name" {
  description = "Name of the bus booking changes are published to."
  value       = aws_cloudwatch_event_bus.this.name
}

output "bus_arn" {
  description = "ARN of the bus."
  value       = aws_cloudwatch_event_bus.this.arn
}

output "undelivered_queue_name" {
  description = "Queue of events EventBridge could not deliver."
  value       = aws_sqs_queue.undelivered.name
}
