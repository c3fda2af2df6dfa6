/**
 * E-mail to people, through a transactional outbox: a message is written in the same
 * transaction as what it tells of, then delivered over SMTP by a sender that retries with
 * growing waits and never drops a message. Templates are plain language and carry no
 * clinical detail.
 */
package nz.tiaki.notifications;
