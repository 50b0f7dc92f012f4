output "bucket_name" {
  description = "Bucket the SPA is uploaded to."
  value       = aws_s3_bucket.spa.id
}

output "distribution_id" {
  description = "CloudFront distribution id (for invalidations)."
  value       = aws_cloudfront_distribution.this.id
}

output "distribution_arn" {
  description = "CloudFront distribution ARN."
  value       = aws_cloudfront_distribution.this.arn
}

output "domain_name" {
  description = "The distribution's *.cloudfront.net domain."
  value       = aws_cloudfront_distribution.this.domain_name
}

output "content_security_policy" {
  description = "The Content-Security-Policy of every page (the booking widget's differs only in frame-ancestors)."
  value       = local.content_security_policy
}
