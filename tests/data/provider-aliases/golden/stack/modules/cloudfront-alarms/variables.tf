variable "name" {
  description = "Prefix of the topic and alarm names."
  type        = string
  nullable    = false

  validation {
    condition     = (length(var.name) >= 3) && (length(var.name) <= 40)
    error_message = "Input name must be 3 to 40 characters long."
  }

  validation {
    condition     = can(regex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", var.name))
    error_message = "Input name must be well formed: use 3 to 40 lowercase letters and digits in words joined by single `-`, starting with a letter."
  }
}

variable "distribution_id" {
  description = "The distribution to watch."
  type        = string
  nullable    = false

  validation {
    condition     = (length(var.distribution_id) >= 10) && (length(var.distribution_id) <= 20)
    error_message = "Input distribution_id must be 10 to 20 characters long."
  }

  validation {
    condition     = can(regex("^E[A-Z0-9]{9,19}$", var.distribution_id))
    error_message = "Input distribution_id must be well formed: use the distribution's ID: `E` then 9 to 19 uppercase letters and digits."
  }
}

variable "error_rate_threshold" {
  description = "The 5xx error rate, in percent, above which the alarm fires."
  type        = number
  nullable    = false

  validation {
    condition     = (var.error_rate_threshold >= 1) && (var.error_rate_threshold <= 100)
    error_message = "Input error_rate_threshold must be between 1 and 100."
  }

  validation {
    condition     = floor(var.error_rate_threshold) == var.error_rate_threshold
    error_message = "Input error_rate_threshold must be a whole number."
  }
}
