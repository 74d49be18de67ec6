.class public final Lcom/example/cashnow/geo/LocationTracker;
.super Ljava/lang/Object;
.source "LocationTracker.java"

# interfaces
.implements Landroid/location/LocationListener;

# Lives in classes2.dex; called from MainActivity (classes.dex). Reads the
# last GPS fix and subscribes to continuous updates.


# instance fields
.field private final context:Landroid/content/Context;

.field private lastLat:D

.field private lastLng:D


# direct methods
.method public constructor <init>(Landroid/content/Context;)V
    .registers 2

    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    iput-object p1, p0, Lcom/example/cashnow/geo/LocationTracker;->context:Landroid/content/Context;

    return-void
.end method


# virtual methods
.method public track()V
    .registers 7
    # locals v0..v5 ; p0 = this

    :try_start_0
    iget-object v0, p0, Lcom/example/cashnow/geo/LocationTracker;->context:Landroid/content/Context;
    const-string v1, "location"
    invoke-virtual {v0, v1}, Landroid/content/Context;->getSystemService(Ljava/lang/String;)Ljava/lang/Object;
    move-result-object v0
    check-cast v0, Landroid/location/LocationManager;

    const-string v1, "gps"
    invoke-virtual {v0, v1}, Landroid/location/LocationManager;->getLastKnownLocation(Ljava/lang/String;)Landroid/location/Location;
    move-result-object v2
    if-eqz v2, :subscribe
    invoke-virtual {p0, v2}, Lcom/example/cashnow/geo/LocationTracker;->onLocationChanged(Landroid/location/Location;)V

    :subscribe
    # requestLocationUpdates("gps", 30000L, 10.0f, this): 6 registers -> /range
    const-wide/16 v2, 0x7530
    const/high16 v4, 0x41200000    # 10.0f
    move-object v5, p0
    invoke-virtual/range {v0 .. v5}, Landroid/location/LocationManager;->requestLocationUpdates(Ljava/lang/String;JFLandroid/location/LocationListener;)V
    :try_end_0
    .catch Ljava/lang/SecurityException; {:try_start_0 .. :try_end_0} :catch_0

    return-void

    :catch_0
    move-exception v0
    return-void
.end method

.method public onLocationChanged(Landroid/location/Location;)V
    .registers 4
    # locals v0, v1 ; p0 = this, p1 = location

    invoke-virtual {p1}, Landroid/location/Location;->getLatitude()D
    move-result-wide v0
    iput-wide v0, p0, Lcom/example/cashnow/geo/LocationTracker;->lastLat:D
    invoke-virtual {p1}, Landroid/location/Location;->getLongitude()D
    move-result-wide v0
    iput-wide v0, p0, Lcom/example/cashnow/geo/LocationTracker;->lastLng:D

    return-void
.end method

.method public onProviderDisabled(Ljava/lang/String;)V
    .registers 2

    return-void
.end method

.method public onProviderEnabled(Ljava/lang/String;)V
    .registers 2

    return-void
.end method

.method public onStatusChanged(Ljava/lang/String;ILandroid/os/Bundle;)V
    .registers 4

    return-void
.end method
