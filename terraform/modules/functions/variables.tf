variable "reserved_concurrency" {
  description = "Per-function reserved concurrency overriding the defaults of main.tf (the account must keep 100 executions unreserved)."
  type        = map(number)
  default     = {}

  validation {
    condition     = alltrue([for v in values(var.reserved_concurrency) : v >= 1])
    error_message = "Reserved concurrency must be at least 1 (0 would stop the function)."
  }
}
