package se.pks.stream.notifications;

/** Hands one notification to its channel; returns only when the channel has taken it. */
public interface ChannelSender {

    void send(AlertMessage message) throws DeliveryFailure;
}
