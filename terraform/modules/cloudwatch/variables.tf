variable "name" {
  description = "Name prefix (turnaki-<environment>)."
  type        = string
}

variable "function_names" {
  description = "Lambda function name by catalogue name (health and bookings are alarmed on)."
  type        = map(string)

  validation {
    condition     = contains(keys(var.function_names), "health") && contains(keys(var.function_names), "bookings")
    error_message = "The alarms need the health and bookings functions."
  }
}

variable "table_name" {
  description = "The single table."
  type        = string
}

variable "api_id" {
  description = "Id of the HTTP API."
  type        = string
}

variable "web_acl_name" {
  description = "Name of the WAF web ACL."
  type        = string
}

variable "dead_letter_queue_names" {
  description = "Dead-letter queue name by function name, and the rules' (eventbridge) and the pipe's (pipe)."
  type        = map(string)
}

variable "alarm_emails" {
  description = "Addresses subscribed to the alarm topic (each confirms by email)."
  type        = list(string)
  default     = []
}

variable "kms_key_arn" {
  description = "KMS key of the alarm topic (its policy admits CloudWatch)."
  type        = string
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
