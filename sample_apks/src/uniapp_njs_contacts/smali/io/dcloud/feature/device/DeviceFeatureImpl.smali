.class public Lio/dcloud/feature/device/DeviceFeatureImpl;
.super Ljava/lang/Object;
.source "DeviceFeatureImpl.java"

# Stub of the 5+ Device feature (assets/data/dcloud_properties.xml: Device -> this class).
# plus.device.getInfo(...) in a page script lands in execute("getInfo"), which reads the IMEI and IMSI.
# This is the native half of the script evidence dcloud.device.get_info (supporting evidence).


# instance fields
.field private mContext:Landroid/content/Context;


# direct methods
.method public constructor <init>()V
    .registers 1

    invoke-direct {p0}, Ljava/lang/Object;-><init>()V

    return-void
.end method


# virtual methods
.method public execute(Ljava/lang/String;)Ljava/lang/String;
    .registers 5
    # locals v0..v2 ; p0 = this, p1 = action name

    const-string v0, "getInfo"

    invoke-virtual {v0, p1}, Ljava/lang/String;->equals(Ljava/lang/Object;)Z

    move-result v0

    if-eqz v0, :other

    iget-object v0, p0, Lio/dcloud/feature/device/DeviceFeatureImpl;->mContext:Landroid/content/Context;

    const-string v1, "phone"

    invoke-virtual {v0, v1}, Landroid/content/Context;->getSystemService(Ljava/lang/String;)Ljava/lang/Object;

    move-result-object v0

    check-cast v0, Landroid/telephony/TelephonyManager;

    invoke-virtual {v0}, Landroid/telephony/TelephonyManager;->getDeviceId()Ljava/lang/String;

    move-result-object v1

    invoke-virtual {v0}, Landroid/telephony/TelephonyManager;->getSubscriberId()Ljava/lang/String;

    move-result-object v2

    return-object v1

    :other
    const/4 v0, 0x0

    return-object v0
.end method
