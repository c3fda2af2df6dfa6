package nz.tiaki.notifications;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where e-mails come from.
 *
 * @param from the sender address
 * @param portalAddress the portal's address, for links in e-mails
 * @param messageIdDomain the domain part of Message-IDs
 * @param pollInterval how often the outbox is looked at (text, as Spring reads it)
 */
@ConfigurationProperties("tiaki.notifications")
public record NotificationSettings(String from, String portalAddress, String messageIdDomain, String pollInterval) {
}
