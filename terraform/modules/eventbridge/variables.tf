variable "name" {
  description = "Name of the bus and prefix of its rules, pipe and queues (turnaki-<environment>)."
  type        = string
}

variable "event_source" {
  description = "The source the pipe puts booking events on the bus under (the rule and the archive match it)."
  type        = string
  default     = "turnaki.bookings"
}

variable "detail_type" {
  description = "The detail-type of the booking events the pipe puts on the bus."
  type        = string
  default     = "booking.changed"
}

variable "table_stream_arn" {
  description = "ARN of the table's stream (modules/dynamodb; new images), the pipe's source."
  type        = string
}

variable "pipe_retry_attempts" {
  description = "How often the pipe retries a batch the bus refused before parking it in its queue."
  type        = number
  default     = 10

  validation {
    condition     = var.pipe_retry_attempts >= 0 && var.pipe_retry_attempts <= 10000
    error_message = "A pipe retries 0 to 10000 times."
  }
}

variable "log_retention_days" {
  description = "Days the pipe's error log is kept."
  type        = number
}

variable "reminder_schedule" {
  description = "How often schedule-reminder runs."
  type        = string
  default     = "rate(15 minutes)"
}

variable "send_notification_arn" {
  description = "ARN of the send-notification function."
  type        = string
}

variable "send_notification_name" {
  description = "Name of the send-notification function."
  type        = string
}

variable "schedule_reminder_arn" {
  description = "ARN of the schedule-reminder function."
  type        = string
}

variable "schedule_reminder_name" {
  description = "Name of the schedule-reminder function."
  type        = string
}

variable "waitlist_arn" {
  description = "ARN of the waitlist function."
  type        = string
}

variable "waitlist_name" {
  description = "Name of the waitlist function."
  type        = string
}

variable "waitlist_schedule" {
  description = "How often the waitlist function passes lapsed and declined offers on."
  type        = string
  default     = "rate(1 minute)"
}

variable "archive_retention_days" {
  description = "Days booking events are archived for replay."
  type        = number
  default     = 7
}

variable "kms_key_arn" {
  description = "The environment's KMS key: the table and its stream, the queues (its policy admits EventBridge), the pipe's log."
  type        = string
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
