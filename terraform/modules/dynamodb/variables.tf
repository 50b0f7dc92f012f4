variable "name" {
  description = "Table name (TURNAKI_TABLE of every function)."
  type        = string
}

variable "kms_key_arn" {
  description = "Customer managed KMS key encrypting the table."
  type        = string
}

variable "deletion_protection" {
  description = "Refuse DeleteTable (and so terraform destroy) while set."
  type        = bool
}

variable "point_in_time_recovery_days" {
  description = "Days of continuous backups kept for point-in-time restore (1-35)."
  type        = number

  validation {
    condition     = var.point_in_time_recovery_days >= 1 && var.point_in_time_recovery_days <= 35
    error_message = "DynamoDB keeps 1 to 35 days of point-in-time recovery."
  }
}

variable "tags" {
  description = "Tags for the table."
  type        = map(string)
  default     = {}
}
