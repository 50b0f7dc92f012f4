output "bus_name" {
  description = "Name of the bus the pipe puts booking changes on."
  value       = aws_cloudwatch_event_bus.this.name
}

output "bus_arn" {
  description = "ARN of the bus."
  value       = aws_cloudwatch_event_bus.this.arn
}

output "undelivered_queue_name" {
  description = "Queue of events the rules could not deliver to their functions."
  value       = aws_sqs_queue.undelivered.name
}

output "pipe_name" {
  description = "The pipe from the table's stream to the bus."
  value       = aws_pipes_pipe.booking_events.name
}

output "pipe_undelivered_queue_name" {
  description = "Queue of stream batches the pipe could not put on the bus."
  value       = aws_sqs_queue.pipe_undelivered.name
}
