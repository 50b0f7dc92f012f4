output "name" {
  description = "Table name."
  value       = aws_dynamodb_table.this.name
}

output "arn" {
  description = "Table ARN."
  value       = aws_dynamodb_table.this.arn
}

output "index_arns" {
  description = "ARN of each global secondary index by name."
  value       = { for gsi in ["GSI1", "GSI2"] : gsi => "${aws_dynamodb_table.this.arn}/index/${gsi}" }
}

output "stream_arn" {
  description = "ARN of the table's stream (new images; the pending events among them go to the bus)."
  value       = aws_dynamodb_table.this.stream_arn
}
