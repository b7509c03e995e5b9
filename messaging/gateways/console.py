"""Development gateway (the default of `make run`): the message is logged and only kept in the database."""

import logging

logger = logging.getLogger("payung.messaging")


class ConsoleGateway:
    idempotent = True

    def send(self, message):
        logger.warning("[%s → %s] %s", message.channel, message.to, message.body)
        return f"console-{message.key}"
