.class public final Lcom/example/fairlend/OtpHelper;
.super Ljava/lang/Object;
.source "OtpHelper.java"

# One-time-password autofill through the Google Play services SMS Retriever
# API (no READ_SMS / RECEIVE_SMS). GMS classes are referenced, not bundled.


# direct methods
.method private constructor <init>()V
    .registers 1

    invoke-direct {p0}, Ljava/lang/Object;-><init>()V

    return-void
.end method

.method public static start(Landroid/content/Context;)V
    .registers 2
    # local v0 ; p0 = context

    invoke-static {p0}, Lcom/google/android/gms/auth/api/phone/SmsRetriever;->getClient(Landroid/content/Context;)Lcom/google/android/gms/auth/api/phone/SmsRetrieverClient;
    move-result-object v0
    invoke-virtual {v0}, Lcom/google/android/gms/auth/api/phone/SmsRetrieverClient;->startSmsRetriever()Lcom/google/android/gms/tasks/Task;

    return-void
.end method
