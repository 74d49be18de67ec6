.class public final Lcom/example/fairlend/LoanCalculator;
.super Ljava/lang/Object;
.source "LoanCalculator.java"

# Instalment maths and due-date arithmetic. java.util.Calendar is date
# arithmetic, not calendar data.


# direct methods
.method private constructor <init>()V
    .registers 1

    invoke-direct {p0}, Ljava/lang/Object;-><init>()V

    return-void
.end method

# first due date: the 5th of next month
.method public static firstDueDate()J
    .registers 3
    # locals v0..v2

    invoke-static {}, Ljava/util/Calendar;->getInstance()Ljava/util/Calendar;
    move-result-object v0
    const/4 v1, 0x2
    const/4 v2, 0x1
    invoke-virtual {v0, v1, v2}, Ljava/util/Calendar;->add(II)V
    const/4 v1, 0x5
    const/4 v2, 0x5
    invoke-virtual {v0, v1, v2}, Ljava/util/Calendar;->set(II)V
    invoke-virtual {v0}, Ljava/util/Calendar;->getTimeInMillis()J
    move-result-wide v0

    return-wide v0
.end method

# flat-rate instalment in cents: (P + P*bps*months/120000) / months
.method public static monthlyInstalment(JII)J
    .registers 8
    # locals v0..v3 ; p0,p1 = principal (long) ; p2 = annual rate (basis points) ; p3 = months

    int-to-long v0, p2
    mul-long/2addr v0, p0
    int-to-long v2, p3
    mul-long/2addr v0, v2
    const-wide/32 v2, 0x1d4c0
    div-long/2addr v0, v2
    add-long/2addr v0, p0
    int-to-long v2, p3
    div-long/2addr v0, v2

    return-wide v0
.end method
