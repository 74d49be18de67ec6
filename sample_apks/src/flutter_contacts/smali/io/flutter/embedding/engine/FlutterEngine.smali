.class public Lio/flutter/embedding/engine/FlutterEngine;
.super Ljava/lang/Object;
.source "FlutterEngine.java"

# Simplified stub: only the plugin registry accessor used by GeneratedPluginRegistrant.


# instance fields
.field private pluginRegistry:Lio/flutter/embedding/engine/plugins/PluginRegistry;


# direct methods
.method public constructor <init>()V
    .registers 1

    invoke-direct {p0}, Ljava/lang/Object;-><init>()V

    return-void
.end method


# virtual methods
.method public getPlugins()Lio/flutter/embedding/engine/plugins/PluginRegistry;
    .registers 2

    iget-object v0, p0, Lio/flutter/embedding/engine/FlutterEngine;->pluginRegistry:Lio/flutter/embedding/engine/plugins/PluginRegistry;

    return-object v0
.end method
