variable "name" {
  description = "Name of the configuration set (turnaki-<environment>), TURNAKI_SES_CONFIGURATION_SET."
  type        = string
}

variable "domain" {
  description = "Domain mail is sent from (TURNAKI_MAIL_FROM is an address at it)."
  type        = string
}

variable "region" {
  description = "Region SES sends from (its MAIL FROM feedback endpoint)."
  type        = string
}

variable "route53_zone_id" {
  description = "Route 53 hosted zone of the domain, to create the DKIM and MAIL FROM records (null: create them by hand from dns_records)."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
