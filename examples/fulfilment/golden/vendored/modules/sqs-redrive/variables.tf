variable "queue_name" {
  description = "Name of the main queue; the dead-letter queue is named `<queue_name>-dlq`."
  type        = string
  nullable    = false

  validation {
    condition     = (length(var.queue_name) >= 3) && (length(var.queue_name) <= 40)
    error_message = "Input queue_name must be 3 to 40 characters long."
  }

  validation {
    condition     = can(regex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", var.queue_name))
    error_message = "Input queue_name must be well formed: use 3 to 40 lowercase letters and digits in words joined by single `-`, starting with a letter."
  }
}

variable "visibility_timeout_seconds" {
  description = "Seconds a received message stays hidden from other consumers; at least the consumer's timeout (six times is the recommendation)."
  type        = number
  default     = 180
  nullable    = false

  validation {
    condition     = (var.visibility_timeout_seconds >= 0) && (var.visibility_timeout_seconds <= 43200)
    error_message = "Input visibility_timeout_seconds must be between 0 and 43200."
  }

  validation {
    condition     = floor(var.visibility_timeout_seconds) == var.visibility_timeout_seconds
    error_message = "Input visibility_timeout_seconds must be a whole number."
  }

  validation {
    condition     = var.consumer == null ? true : var.visibility_timeout_seconds >= var.consumer.function_timeout_seconds
    error_message = "Input visibility_timeout_seconds must satisfy: `visibility_timeout_seconds` must be at least `consumer.function_timeout_seconds` (Lambda refuses an SQS event source whose queue hides messages for less than the function may run)."
  }
}

variable "message_retention_seconds" {
  description = "Seconds the main queue keeps a message."
  type        = number
  default     = 345600
  nullable    = false

  validation {
    condition     = (var.message_retention_seconds >= 60) && (var.message_retention_seconds <= 1209600)
    error_message = "Input message_retention_seconds must be between 60 and 1209600."
  }

  validation {
    condition     = floor(var.message_retention_seconds) == var.message_retention_seconds
    error_message = "Input message_retention_seconds must be a whole number."
  }
}

variable "dead_letter_retention_seconds" {
  description = "Seconds the dead-letter queue keeps a message; more than the main queue's retention (a message keeps its enqueue time), the maximum by default."
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

  validation {
    condition     = var.dead_letter_retention_seconds > var.message_retention_seconds
    error_message = "Input dead_letter_retention_seconds must satisfy: `dead_letter_retention_seconds` must be above `message_retention_seconds` (a dead-lettered message keeps its original enqueue time, so a shorter dead-letter retention deletes it early)."
  }
}

variable "receive_wait_time_seconds" {
  description = "Seconds a receive call waits for messages (long polling)."
  type        = number
  default     = 20
  nullable    = false

  validation {
    condition     = (var.receive_wait_time_seconds >= 0) && (var.receive_wait_time_seconds <= 20)
    error_message = "Input receive_wait_time_seconds must be between 0 and 20."
  }

  validation {
    condition     = floor(var.receive_wait_time_seconds) == var.receive_wait_time_seconds
    error_message = "Input receive_wait_time_seconds must be a whole number."
  }
}

variable "max_receive_count" {
  description = "Receives of one message before it moves to the dead-letter queue."
  type        = number
  default     = 5
  nullable    = false

  validation {
    condition     = (var.max_receive_count >= 1) && (var.max_receive_count <= 1000)
    error_message = "Input max_receive_count must be between 1 and 1000."
  }

  validation {
    condition     = floor(var.max_receive_count) == var.max_receive_count
    error_message = "Input max_receive_count must be a whole number."
  }
}

variable "kms_key_arn" {
  description = "KMS key that encrypts both queues; SQS-managed encryption when null."
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

variable "alarm_threshold" {
  description = "Messages waiting in the dead-letter queue that raise the alarm."
  type        = number
  default     = 1
  nullable    = false

  validation {
    condition     = (var.alarm_threshold >= 1) && (var.alarm_threshold <= 100000)
    error_message = "Input alarm_threshold must be between 1 and 100000."
  }

  validation {
    condition     = floor(var.alarm_threshold) == var.alarm_threshold
    error_message = "Input alarm_threshold must be a whole number."
  }
}

variable "alarm_topic_arns" {
  description = "SNS topics notified when the dead-letter alarm fires and when it recovers."
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

variable "consumer" {
  description = "Lambda function that consumes the main queue; none when null."
  type        = object({ function_name = string, role_name = string, batch_size = optional(number, 10), maximum_batching_window_seconds = optional(number, 0), maximum_concurrency = optional(number), function_timeout_seconds = optional(number, 30) })
  default     = null

  validation {
    condition     = var.consumer == null ? true : (var.consumer.batch_size > 10) ? var.consumer.maximum_batching_window_seconds >= 1 : true
    error_message = "Input consumer must satisfy: when `batch_size` is above 10, `maximum_batching_window_seconds` must be at least 1 (Lambda refuses an SQS event source with a batch size over 10 and no batching window)."
  }

  validation {
    condition     = var.consumer == null ? true : (length(var.consumer.function_name) >= 1) && (length(var.consumer.function_name) <= 64)
    error_message = "Input consumer.function_name must be 1 to 64 characters long."
  }

  validation {
    condition     = var.consumer == null ? true : can(regex("^[A-Za-z0-9_-]+$", var.consumer.function_name))
    error_message = "Input consumer.function_name must be well formed: use 1 to 64 letters, digits, `-` or `_`."
  }

  validation {
    condition     = var.consumer == null ? true : (length(var.consumer.role_name) >= 1) && (length(var.consumer.role_name) <= 64)
    error_message = "Input consumer.role_name must be 1 to 64 characters long."
  }

  validation {
    condition     = var.consumer == null ? true : can(regex("^[A-Za-z0-9+=,.@_-]+$", var.consumer.role_name))
    error_message = "Input consumer.role_name must be well formed: use 1 to 64 letters, digits or `+=,.@_-`."
  }

  validation {
    condition     = var.consumer == null ? true : (var.consumer.batch_size >= 1) && (var.consumer.batch_size <= 10000)
    error_message = "Input consumer.batch_size must be between 1 and 10000."
  }

  validation {
    condition     = var.consumer == null ? true : floor(var.consumer.batch_size) == var.consumer.batch_size
    error_message = "Input consumer.batch_size must be a whole number."
  }

  validation {
    condition     = var.consumer == null ? true : (var.consumer.maximum_batching_window_seconds >= 0) && (var.consumer.maximum_batching_window_seconds <= 300)
    error_message = "Input consumer.maximum_batching_window_seconds must be between 0 and 300."
  }

  validation {
    condition     = var.consumer == null ? true : floor(var.consumer.maximum_batching_window_seconds) == var.consumer.maximum_batching_window_seconds
    error_message = "Input consumer.maximum_batching_window_seconds must be a whole number."
  }

  validation {
    condition     = var.consumer == null ? true : var.consumer.maximum_concurrency == null ? true : (var.consumer.maximum_concurrency >= 2) && (var.consumer.maximum_concurrency <= 1000)
    error_message = "Input consumer.maximum_concurrency must be between 2 and 1000."
  }

  validation {
    condition     = var.consumer == null ? true : var.consumer.maximum_concurrency == null ? true : floor(var.consumer.maximum_concurrency) == var.consumer.maximum_concurrency
    error_message = "Input consumer.maximum_concurrency must be a whole number."
  }

  validation {
    condition     = var.consumer == null ? true : (var.consumer.function_timeout_seconds >= 1) && (var.consumer.function_timeout_seconds <= 900)
    error_message = "Input consumer.function_timeout_seconds must be between 1 and 900."
  }

  validation {
    condition     = var.consumer == null ? true : floor(var.consumer.function_timeout_seconds) == var.consumer.function_timeout_seconds
    error_message = "Input consumer.function_timeout_seconds must be a whole number."
  }
}

variable "producer_role_names" {
  description = "IAM roles allowed to send messages to the main queue (and nothing else)."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for item0 in var.producer_role_names : (length(item0) >= 1) && (length(item0) <= 64)])
    error_message = "Input every item of producer_role_names must be 1 to 64 characters long."
  }

  validation {
    condition     = alltrue([for item0 in var.producer_role_names : can(regex("^[A-Za-z0-9+=,.@_-]+$", item0))])
    error_message = "Input every item of producer_role_names must be well formed: use 1 to 64 letters, digits or `+=,.@_-`."
  }
}

variable "sender_event_rule_arns" {
  description = "EventBridge rules allowed to send events to the main queue (the queue policy lets `events.amazonaws.com` send with `aws:SourceArn` equal to one of them)."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for item0 in var.sender_event_rule_arns : (length(item0) >= 20) && (length(item0) <= 2048)])
    error_message = "Input every item of sender_event_rule_arns must be 20 to 2048 characters long."
  }

  validation {
    condition     = alltrue([for item0 in var.sender_event_rule_arns : can(regex("^arn:aws[a-z-]*:events:[a-z0-9-]+:[0-9]{12}:rule/([A-Za-z0-9._-]{1,256}/)?[A-Za-z0-9._-]{1,64}$", item0))])
    error_message = "Input every item of sender_event_rule_arns must be well formed: use an EventBridge rule ARN such as `arn:aws:events:eu-west-1:111122223333:rule/orders/order-placed`."
  }
}

variable "sender_topic_arns" {
  description = "SNS topics allowed to deliver to the main queue (the queue policy lets `sns.amazonaws.com` send with `aws:SourceArn` equal to one of them)."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for item0 in var.sender_topic_arns : (length(item0) >= 20) && (length(item0) <= 2048)])
    error_message = "Input every item of sender_topic_arns must be 20 to 2048 characters long."
  }

  validation {
    condition     = alltrue([for item0 in var.sender_topic_arns : can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+$", item0))])
    error_message = "Input every item of sender_topic_arns must be well formed: use an SNS topic ARN such as `arn:aws:sns:eu-west-1:111122223333:alerts`."
  }
}
