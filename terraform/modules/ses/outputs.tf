output "identity_arn" {
  description = "ARN of the domain identity (what functions may send as)."
  value       = aws_sesv2_email_identity.this.arn
}

output "configuration_set_name" {
  description = "Name of the configuration set."
  value       = aws_sesv2_configuration_set.this.configuration_set_name
}

output "configuration_set_arn" {
  description = "ARN of the configuration set."
  value       = aws_sesv2_configuration_set.this.arn
}

output "dns_records" {
  description = "DNS records the domain needs: three DKIM CNAMEs and the MAIL FROM MX and SPF."
  value = concat(
    [for token in local.dkim_tokens : { name = "${token}._domainkey.${var.domain}", type = "CNAME", value = "${token}.dkim.amazonses.com" }],
    [
      { name = local.mail_from_domain, type = "MX", value = "10 feedback-smtp.${var.region}.amazonses.com" },
      { name = local.mail_from_domain, type = "TXT", value = "v=spf1 include:amazonses.com ~all" },
    ],
  )
}
