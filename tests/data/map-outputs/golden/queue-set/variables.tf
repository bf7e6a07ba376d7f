variable "name_prefix" {
  description = "Prefix of every queue's name."
  type        = string
  nullable    = false

  validation {
    condition     = (length(var.name_prefix) >= 3) && (length(var.name_prefix) <= 40)
    error_message = "Input name_prefix must be 3 to 40 characters long."
  }

  validation {
    condition     = can(regex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", var.name_prefix))
    error_message = "Input name_prefix must be well formed: use 3 to 40 lowercase letters and digits in words joined by single `-`, starting with a letter."
  }
}

variable "queues" {
  description = "The queues, by key; each is named `<name_prefix>-<key>`."
  type        = map(object({ visibility_timeout_seconds = number }))
  nullable    = false

  validation {
    condition     = alltrue([for item0 in values(var.queues) : (item0.visibility_timeout_seconds >= 0) && (item0.visibility_timeout_seconds <= 43200)])
    error_message = "Input every item of queues.visibility_timeout_seconds must be between 0 and 43200."
  }

  validation {
    condition     = alltrue([for item0 in values(var.queues) : floor(item0.visibility_timeout_seconds) == item0.visibility_timeout_seconds])
    error_message = "Input every item of queues.visibility_timeout_seconds must be a whole number."
  }
}
