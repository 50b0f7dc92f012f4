variable "name" {
  description = "Name of the web ACL (turnaki-<environment>)."
  type        = string
}

variable "rate_limit" {
  description = "Requests one IP address may make in the evaluation window before it is blocked."
  type        = number
  default     = 2000
}

variable "rate_window_seconds" {
  description = "The rate limit's evaluation window in seconds (60, 120, 300 or 600)."
  type        = number
  default     = 300
}

variable "kms_key_arn" {
  description = "KMS key in us-east-1 for the WAF log group."
  type        = string
}

variable "log_retention_days" {
  description = "Days the WAF logs are kept."
  type        = number
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
