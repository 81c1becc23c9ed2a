#include <QTest>

#include "gpu/DeviceProbe.h"
#include "gpu/TorchRuntime.h"

using namespace prefstudio;

class TestDeviceProbe : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void reportsTheCpuAlwaysAndCudaOnlyWhenPresent()
    {
        const auto report = gpu::probeDevices();
        QVERIFY(!report.devices.empty());
        QCOMPARE(report.devices.front().kind, std::string("cpu"));
        QVERIFY(report.devices.front().totalMemory > 0);
        const std::string summary = report.summary();
        if (report.hasCuda()) {
            QVERIFY(summary.find("CUDA 0:") != std::string::npos);
        } else {
            QVERIFY(summary.find("CPU only") != std::string::npos);
            if (report.builtWithCudaKernels)
                QVERIFY(!report.cudaProblem.empty());
        }
    }

    void agreesWithLibTorchAboutCuda()
    {
        // Debian's LibTorch is CPU-only; where it has CUDA, the runtime must see a device too.
        if (gpu::torchHasCuda())
            QVERIFY(gpu::probeDevices().hasCuda());
    }

    void setsTheThreadCountLibTorchUses()
    {
        qputenv("PREFSTUDIO_THREADS", "2");
        QCOMPARE(gpu::configureCpuThreads(), 2);
        qputenv("PREFSTUDIO_THREADS", "1");
        QCOMPARE(gpu::configureCpuThreads(), 1);
    }
};

QTEST_GUILESS_MAIN(TestDeviceProbe)
#include "tst_device_probe.moc"
