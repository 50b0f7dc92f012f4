variable "alias" {
  description = "Alias of the key, without the alias/ prefix (e.g. turnaki-prd)."
  type        = string
}

variable "description" {
  description = "What the key encrypts."
  type        = string
}

variable "deletion_window_in_days" {
  description = "Days a scheduled key deletion waits (7-30)."
  type        = number
  default     = 30
}

variable "allow_cloudwatch_alarms" {
  description = "Let CloudWatch alarms publish to SNS topics encrypted with this key."
  type        = bool
  default     = false
}

variable "allow_eventbridge" {
  description = "Let EventBridge send undelivered events to SQS queues encrypted with this key."
  type        = bool
  default     = false
}

variable "allow_cloudfront" {
  description = "Let CloudFront (origin access control) read S3 objects encrypted with this key."
  type        = bool
  default     = false
}

variable "link_key" {
  description = "Also create the HMAC key (HMAC_256, GENERATE_VERIFY_MAC) that signs the links of patients' messages."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags for the key."
  type        = map(string)
  default     = {}
}
