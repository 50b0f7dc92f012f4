variable "name" {
  description = "Name of the bus and prefix of its rules (turnaki-<environment>), TURNAKI_EVENT_BUS."
  type        = string
}

variable "event_source" {
  description = "The source of the events Turnaki publishes (EventBridgeBus's SOURCE)."
  type        = string
  default     = "turnaki.bookings"
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

variable "archive_retention_days" {
  description = "Days booking events are archived for replay."
  type        = number
  default     = 7
}

variable "kms_key_arn" {
  description = "KMS key of the undelivered-events queue (its policy admits EventBridge)."
  type        = string
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
