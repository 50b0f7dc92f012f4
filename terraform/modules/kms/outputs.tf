output "key_arn" {
  description = "ARN of the key."
  value       = aws_kms_key.this.arn
}

output "key_id" {
  description = "Id of the key."
  value       = aws_kms_key.this.key_id
}

output "link_key_arn" {
  description = "ARN of the HMAC key signing message links (null unless link_key)."
  value       = one(aws_kms_key.links[*].arn)
}
