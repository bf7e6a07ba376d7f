variable "topic_name" {
  description = "Name of the topic; the dead-letter queue is named `<topic_name>-fanout-dlq`."
  type        = string
  nullable    = false

  validation {
    condition     = (length(var.topic_name) >= 3) && (length(var.topic_name) <= 40)
    error_message = "Input topic_name must be 3 to 40 characters long."
  }

  validation {
    condition     = can(regex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", var.topic_name))
    error_message = "Input topic_name must be well formed: use 3 to 40 lowercase letters and digits in words joined by single `-`, starting with a letter."
  }
}

variable "kms_key_arn" {
  description = "KMS key that encrypts the topic; the AWS-managed key `alias/aws/sns` when null, which AWS services (EventBridge, S3, CloudWatch alarms) cannot publish with: give a key of yours when `publisher_event_rule_arns` is set."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null ? true : (length(var.kms_key_arn) >= 20) && (length(var.kms_key_arn) <= 2048)
    error_message = "Input kms_key_arn must be 20 to 2048 characters long."
  }

  validation {
    condition     = var.kms_key_arn == null ? true : can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.kms_key_arn))
    error_message = "Input kms_key_arn must be well formed: use a key ARN such as `arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab`."
  }
}

variable "publisher_role_names" {
  description = "IAM roles of this account allowed to publish to the topic (and nothing else)."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for item0 in var.publisher_role_names : (length(item0) >= 1) && (length(item0) <= 64)])
    error_message = "Input every item of publisher_role_names must be 1 to 64 characters long."
  }

  validation {
    condition     = alltrue([for item0 in var.publisher_role_names : can(regex("^[A-Za-z0-9+=,.@_-]+$", item0))])
    error_message = "Input every item of publisher_role_names must be well formed: use 1 to 64 letters, digits or `+=,.@_-`."
  }
}

variable "publisher_event_rule_arns" {
  description = "EventBridge rules of this account allowed to publish to the topic (the topic policy names each rule's ARN)."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for item0 in var.publisher_event_rule_arns : (length(item0) >= 20) && (length(item0) <= 2048)])
    error_message = "Input every item of publisher_event_rule_arns must be 20 to 2048 characters long."
  }

  validation {
    condition     = alltrue([for item0 in var.publisher_event_rule_arns : can(regex("^arn:aws[a-z-]*:events:[a-z0-9-]+:[0-9]{12}:rule/([A-Za-z0-9._-]{1,256}/)?[A-Za-z0-9._-]{1,64}$", item0))])
    error_message = "Input every item of publisher_event_rule_arns must be well formed: use an EventBridge rule ARN such as `arn:aws:events:eu-west-1:111122223333:rule/orders/order-placed`."
  }
}

variable "publisher_account_ids" {
  description = "Other AWS accounts allowed to publish to the topic; their own IAM policies decide which of their principals may."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for item0 in var.publisher_account_ids : (length(item0) >= 12) && (length(item0) <= 12)])
    error_message = "Input every item of publisher_account_ids must be exactly 12 characters long."
  }

  validation {
    condition     = alltrue([for item0 in var.publisher_account_ids : can(regex("^[0-9]{12}$", item0))])
    error_message = "Input every item of publisher_account_ids must be well formed: use the 12 digits of an AWS account ID, such as `111122223333`."
  }
}

variable "subscriptions" {
  description = "SQS queues the topic delivers to, by a key of yours (it names the subscription in outputs and addresses)."
  type        = map(object({ queue_arn = string, raw_message_delivery = optional(bool, true), filter_policy = optional(string), filter_policy_scope = optional(string, "MessageAttributes") }))
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for item0 in values(var.subscriptions) : (length(item0.queue_arn) >= 20) && (length(item0.queue_arn) <= 256)])
    error_message = "Input every item of subscriptions.queue_arn must be 20 to 256 characters long."
  }

  validation {
    condition     = alltrue([for item0 in values(var.subscriptions) : can(regex("^arn:aws[a-z-]*:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,80}$", item0.queue_arn))])
    error_message = "Input every item of subscriptions.queue_arn must be well formed: use the ARN of a standard SQS queue (not `.fifo`: a standard topic cannot deliver to a FIFO queue), such as `arn:aws:sqs:eu-west-1:111122223333:orders`."
  }

  validation {
    condition     = alltrue([for item0 in values(var.subscriptions) : item0.filter_policy == null ? true : length(item0.filter_policy) <= 262144])
    error_message = "Input every item of subscriptions.filter_policy must be at most 262144 characters long."
  }

  validation {
    condition     = alltrue([for item0 in values(var.subscriptions) : item0.filter_policy == null ? true : can(keys(jsondecode(item0.filter_policy)))])
    error_message = "Input every item of subscriptions.filter_policy must be the JSON text of an object, such as `{\"source\": [\"orders\"]}`."
  }

  validation {
    condition     = alltrue([for item0 in values(var.subscriptions) : contains(["MessageAttributes", "MessageBody"], item0.filter_policy_scope)])
    error_message = "Input every item of subscriptions.filter_policy_scope must be one of `MessageAttributes`, `MessageBody`."
  }
}

variable "dead_letter_kms_key_arn" {
  description = "KMS key that encrypts the dead-letter queue; SQS-managed encryption when null (the key policy must let `sns.amazonaws.com` use a key of yours)."
  type        = string
  default     = null

  validation {
    condition     = var.dead_letter_kms_key_arn == null ? true : (length(var.dead_letter_kms_key_arn) >= 20) && (length(var.dead_letter_kms_key_arn) <= 2048)
    error_message = "Input dead_letter_kms_key_arn must be 20 to 2048 characters long."
  }

  validation {
    condition     = var.dead_letter_kms_key_arn == null ? true : can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.dead_letter_kms_key_arn))
    error_message = "Input dead_letter_kms_key_arn must be well formed: use a key ARN such as `arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab`."
  }
}

variable "dead_letter_retention_seconds" {
  description = "Seconds the dead-letter queue keeps a message (the maximum by default)."
  type        = number
  default     = 1209600
  nullable    = false

  validation {
    condition     = (var.dead_letter_retention_seconds >= 60) && (var.dead_letter_retention_seconds <= 1209600)
    error_message = "Input dead_letter_retention_seconds must be between 60 and 1209600."
  }

  validation {
    condition     = floor(var.dead_letter_retention_seconds) == var.dead_letter_retention_seconds
    error_message = "Input dead_letter_retention_seconds must be a whole number."
  }
}

variable "delivery_failure_alarm_threshold" {
  description = "Failed deliveries in one minute that raise the delivery-failure alarm."
  type        = number
  default     = 1
  nullable    = false

  validation {
    condition     = (var.delivery_failure_alarm_threshold >= 1) && (var.delivery_failure_alarm_threshold <= 100000)
    error_message = "Input delivery_failure_alarm_threshold must be between 1 and 100000."
  }

  validation {
    condition     = floor(var.delivery_failure_alarm_threshold) == var.delivery_failure_alarm_threshold
    error_message = "Input delivery_failure_alarm_threshold must be a whole number."
  }
}

variable "dead_letter_alarm_threshold" {
  description = "Messages waiting in the dead-letter queue that raise the dead-letter alarm."
  type        = number
  default     = 1
  nullable    = false

  validation {
    condition     = (var.dead_letter_alarm_threshold >= 1) && (var.dead_letter_alarm_threshold <= 100000)
    error_message = "Input dead_letter_alarm_threshold must be between 1 and 100000."
  }

  validation {
    condition     = floor(var.dead_letter_alarm_threshold) == var.dead_letter_alarm_threshold
    error_message = "Input dead_letter_alarm_threshold must be a whole number."
  }
}

variable "alarm_topic_arns" {
  description = "SNS topics notified when an alarm fires and when it recovers."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for item0 in var.alarm_topic_arns : (length(item0) >= 20) && (length(item0) <= 2048)])
    error_message = "Input every item of alarm_topic_arns must be 20 to 2048 characters long."
  }

  validation {
    condition     = alltrue([for item0 in var.alarm_topic_arns : can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+$", item0))])
    error_message = "Input every item of alarm_topic_arns must be well formed: use an SNS topic ARN such as `arn:aws:sns:eu-west-1:111122223333:alerts`."
  }
}
