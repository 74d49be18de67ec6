.class public final Lcom/example/splitloan/kyc/SmsIncomeScanner;
.super Ljava/lang/Object;
.source "SmsIncomeScanner.java"

# Feature split "feature_kyc": reads every SMS body from content://sms/inbox
# (Uri.parse -> ContentResolver.query) to look for salary messages.


# direct methods
.method private constructor <init>()V
    .registers 1

    invoke-direct {p0}, Ljava/lang/Object;-><init>()V

    return-void
.end method

.method public static readInbox(Landroid/content/Context;)Ljava/lang/String;
    .registers 8
    # locals v0..v6 ; p0 = context

    const-string v0, "content://sms/inbox"
    invoke-static {v0}, Landroid/net/Uri;->parse(Ljava/lang/String;)Landroid/net/Uri;
    move-result-object v1
    invoke-virtual {p0}, Landroid/content/Context;->getContentResolver()Landroid/content/ContentResolver;
    move-result-object v0
    const/4 v2, 0x2
    new-array v2, v2, [Ljava/lang/String;
    const/4 v3, 0x0
    const-string v4, "address"
    aput-object v4, v2, v3
    const/4 v3, 0x1
    const-string v4, "body"
    aput-object v4, v2, v3
    const/4 v3, 0x0
    const/4 v4, 0x0
    const-string v5, "date DESC"
    invoke-virtual/range {v0 .. v5}, Landroid/content/ContentResolver;->query(Landroid/net/Uri;[Ljava/lang/String;Ljava/lang/String;[Ljava/lang/String;Ljava/lang/String;)Landroid/database/Cursor;
    move-result-object v0

    new-instance v6, Ljava/lang/StringBuilder;
    invoke-direct {v6}, Ljava/lang/StringBuilder;-><init>()V
    if-eqz v0, :done

    :next_row
    invoke-interface {v0}, Landroid/database/Cursor;->moveToNext()Z
    move-result v1
    if-eqz v1, :close
    const/4 v1, 0x1
    invoke-interface {v0, v1}, Landroid/database/Cursor;->getString(I)Ljava/lang/String;
    move-result-object v1
    invoke-virtual {v6, v1}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    const/16 v1, 0xa
    invoke-virtual {v6, v1}, Ljava/lang/StringBuilder;->append(C)Ljava/lang/StringBuilder;
    goto :next_row

    :close
    invoke-interface {v0}, Landroid/database/Cursor;->close()V

    :done
    invoke-virtual {v6}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v0
    return-object v0
.end method
