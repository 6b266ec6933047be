<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>EvaluateReport</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>PlotPng</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>PolicyFiles</name>
    <message>
        <source>Albumentations 2.x policy (*.json)</source>
        <translation>Albumentations 2.x 策略 (*.json)</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>%1 is not a policy file: %2</source>
        <translation>%1 不是策略文件：%2</translation>
    </message>
    <message>
        <source>Albumentations 1.x policy, 0.5.2 to 1.4 (*.json)</source>
        <translation>Albumentations 1.x 策略，0.5.2 至 1.4 (*.json)</translation>
    </message>
    <message>
        <source>%1 does not say the size of the images it was searched on, and its fixed shifts (%2) move whole pixels in one Albumentations version and a fraction of the side in the other: they were converted as the same fractions and may move a pixel more or less than in the search. A search of this version records the size: search again, or convert with augstudio-cli convert --image-size.</source>
        <translation>%1 未记录搜索所用图像的尺寸，而其固定平移（%2）在一个 Albumentations 版本中按整像素移动，在另一个版本中按边长的比例移动：它们按相同的比例换算，可能比搜索时多移或少移一个像素。本版本的搜索会记录尺寸：请重新搜索，或用 augstudio-cli convert --image-size 转换。</translation>
    </message>
    <message>
        <source>Without that size, the fixed shifts of %1 (%2) were converted as the same fractions and may move a pixel more or less than in the search: convert with augstudio-cli convert --image-size.</source>
        <translation>由于缺少该尺寸，%1 的固定平移（%2）按相同的比例换算，可能比搜索时多移或少移一个像素：请用 augstudio-cli convert --image-size 转换。</translation>
    </message>
    <message numerus="yes">
        <source>%1 and %n more</source>
        <translation>
            <numerusform>%1 以及另外 %n 项</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>augstudio::ui::AboutDialog</name>
    <message>
        <source>About AugStudio</source>
        <translation>关于 AugStudio</translation>
    </message>
    <message>
        <source>&lt;h3&gt;AugStudio %1&lt;/h3&gt;&lt;p&gt;Learns image augmentation policies from your own dataset with Faster AutoAugment, and saves them as Albumentations JSON files.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;AugStudio %1&lt;/h3&gt;&lt;p&gt;使用 Faster AutoAugment 从您自己的数据集中学习图像增强策略，并将其保存为 Albumentations JSON 文件。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Copy the versions to the clipboard, for a bug report</source>
        <translation>将版本信息复制到剪贴板，用于错误报告</translation>
    </message>
    <message>
        <source>Qt:</source>
        <translation>Qt：</translation>
    </message>
    <message>
        <source>LibTorch:</source>
        <translation>LibTorch：</translation>
    </message>
    <message>
        <source>OpenCV:</source>
        <translation>OpenCV：</translation>
    </message>
    <message>
        <source>CUDA:</source>
        <translation>CUDA：</translation>
    </message>
    <message>
        <source>available</source>
        <translation>可用</translation>
    </message>
    <message>
        <source>not available</source>
        <translation>不可用</translation>
    </message>
    <message>
        <source>Copy &amp;Versions</source>
        <translation>复制版本信息(&amp;V)</translation>
    </message>
</context>
<context>
    <name>augstudio::ui::AppActions</name>
    <message>
        <source>Open &amp;Dataset…</source>
        <translation>打开数据集(&amp;D)…</translation>
    </message>
    <message>
        <source>Choose a dataset folder</source>
        <translation>选择数据集文件夹</translation>
    </message>
    <message>
        <source>Try the &amp;Sample</source>
        <translation>试用示例(&amp;S)</translation>
    </message>
    <message>
        <source>Load Fashion-MNIST (2000 images) with a CPU-friendly config</source>
        <translation>以适合 CPU 的配置加载 Fashion-MNIST（2000 张图像）</translation>
    </message>
    <message>
        <source>Open &amp;Config…</source>
        <translation>打开配置(&amp;C)…</translation>
    </message>
    <message>
        <source>Load an AutoAlbument search.yaml</source>
        <translation>加载 AutoAlbument 的 search.yaml</translation>
    </message>
    <message>
        <source>Save Config &amp;As…</source>
        <translation>配置另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>Open Search &amp;Folder…</source>
        <translation>打开搜索文件夹(&amp;F)…</translation>
    </message>
    <message>
        <source>Show the metrics and policies of an earlier search, and continue it</source>
        <translation>显示先前搜索的指标和策略，并继续该搜索</translation>
    </message>
    <message>
        <source>Export Plot as &amp;PNG…</source>
        <translation>将图表导出为 PNG(&amp;P)…</translation>
    </message>
    <message>
        <source>Save the metrics plot as an image</source>
        <translation>将指标图表保存为图像</translation>
    </message>
    <message>
        <source>Export &amp;Metrics as CSV…</source>
        <translation>将指标导出为 CSV(&amp;M)…</translation>
    </message>
    <message>
        <source>Save the search&apos;s metrics as CSV</source>
        <translation>将搜索的指标保存为 CSV</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Quit AugStudio</source>
        <translation>退出 AugStudio</translation>
    </message>
    <message>
        <source>&amp;Start Search</source>
        <translation>开始搜索(&amp;S)</translation>
    </message>
    <message>
        <source>Start a search with this dataset and config</source>
        <translation>使用此数据集和配置开始搜索</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>Pause after the current step</source>
        <translation>在当前步骤完成后暂停</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>继续(&amp;R)</translation>
    </message>
    <message>
        <source>Go on with the paused search</source>
        <translation>继续已暂停的搜索</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>Stop after the current step; the last finished epoch&apos;s policy stays saved</source>
        <translation>在当前步骤完成后停止；最后一个已完成轮次的策略仍会保存</translation>
    </message>
    <message>
        <source>&amp;Continue Search</source>
        <translation>继续搜索(&amp;C)</translation>
    </message>
    <message>
        <source>Continue the opened search from its last checkpoint</source>
        <translation>从最后一个检查点继续已打开的搜索</translation>
    </message>
    <message>
        <source>Refresh Pre&amp;view</source>
        <translation>刷新预览(&amp;V)</translation>
    </message>
    <message>
        <source>Render new preview images after the current step</source>
        <translation>在当前步骤完成后生成新的预览图像</translation>
    </message>
    <message>
        <source>Stop Automatically on P&amp;lateau</source>
        <translation>到达平台期时自动停止(&amp;L)</translation>
    </message>
    <message>
        <source>Stop by itself once the policy has converged</source>
        <translation>策略收敛后自动停止</translation>
    </message>
    <message>
        <source>Save P&amp;olicy…</source>
        <translation>保存策略(&amp;O)…</translation>
    </message>
    <message>
        <source>Save the selected epoch&apos;s policy (Albumentations JSON)</source>
        <translation>保存所选轮次的策略（Albumentations JSON）</translation>
    </message>
    <message>
        <source>&amp;Reset Layout</source>
        <translation>重置布局(&amp;R)</translation>
    </message>
    <message>
        <source>Put the panels back where they started</source>
        <translation>将各面板恢复到初始位置</translation>
    </message>
    <message>
        <source>&amp;About AugStudio</source>
        <translation>关于 AugStudio(&amp;A)</translation>
    </message>
    <message>
        <source>About AugStudio</source>
        <translation>关于 AugStudio</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Recent Datasets</source>
        <translation>最近的数据集(&amp;R)</translation>
    </message>
    <message>
        <source>Recent Searc&amp;hes</source>
        <translation>最近的搜索(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>搜索(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Main Tool Bar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>&amp;Evaluate Policy…</source>
        <translation>评估策略(&amp;E)…</translation>
    </message>
    <message>
        <source>Sa&amp;ve Config</source>
        <translation>保存配置(&amp;V)</translation>
    </message>
    <message>
        <source>Write the config back to its file</source>
        <translation>将配置写回其文件</translation>
    </message>
    <message>
        <source>Write the config to a file of your choice</source>
        <translation>将配置写入您选择的文件</translation>
    </message>
    <message>
        <source>&amp;Quick Guide</source>
        <translation>快速指南(&amp;Q)</translation>
    </message>
    <message>
        <source>The steps from a dataset to a policy, and the keys</source>
        <translation>从数据集到策略的步骤，以及快捷键</translation>
    </message>
    <message>
        <source>Train a small network or ResNet-18 with the policy and with baselines such as none, flip-shift and trivial-augment, and compare their held-out accuracy</source>
        <translation>分别使用该策略和 none、flip-shift、trivial-augment 等基线训练一个小网络或 ResNet-18，并比较它们在保留图像上的准确率</translation>
    </message>
</context>
<context>
    <name>augstudio::ui::ConfigForm</name>
    <message>
        <source>Classification</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>Semantic segmentation</source>
        <translation>语义分割</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA GPU</source>
        <translation>CUDA GPU</translation>
    </message>
    <message>
        <source>Automatic (GPU if available)</source>
        <translation>自动（如有 GPU 则使用）</translation>
    </message>
    <message>
        <source>No CUDA device is available on this computer.</source>
        <translation>此计算机上没有可用的 CUDA 设备。</translation>
    </message>
    <message>
        <source>ResNet-18</source>
        <translation>ResNet-18</translation>
    </message>
    <message>
        <source>WideResNet-40-2</source>
        <translation>WideResNet-40-2</translation>
    </message>
    <message>
        <source>U-Net (ResNet-18 encoder)</source>
        <translation>U-Net（ResNet-18 编码器）</translation>
    </message>
    <message>
        <source>The dataset is grayscale: colour operations are off.</source>
        <translation>数据集为灰度图像：颜色操作已关闭。</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source> images</source>
        <translation> 张图像</translation>
    </message>
    <message>
        <source>Operations: tick the ones to search; double-click a range (or press F2) to edit it.</source>
        <translation>操作：勾选要搜索的操作；双击范围（或按 F2）即可编辑。</translation>
    </message>
    <message>
        <source>YAML: %1</source>
        <translation>YAML：%1</translation>
    </message>
    <message>
        <source>Search on at most this many of the dataset&apos;s images (All: every one)</source>
        <translation>最多使用数据集中的这么多张图像进行搜索（全部：每一张）</translation>
    </message>
    <message>
        <source>Batches in an epoch (All: the images once over)</source>
        <translation>每个轮次的批次数（全部：所有图像各用一次）</translation>
    </message>
    <message>
        <source>How many epochs the search runs at most</source>
        <translation>搜索最多运行的轮次数</translation>
    </message>
    <message>
        <source>Images in each step&apos;s batch</source>
        <translation>每一步批次中的图像数</translation>
    </message>
    <message>
        <source>How many sub-policies the policy holds; each image gets one</source>
        <translation>策略包含的子策略数；每张图像使用其中一个</translation>
    </message>
    <message>
        <source>Operations applied one after another in each sub-policy</source>
        <translation>每个子策略中依次应用的操作数</translation>
    </message>
    <message>
        <source>Parts of a batch that each draw their own sub-policies</source>
        <translation>批次被分成的份数，每份各自抽取子策略</translation>
    </message>
    <message>
        <source>What the network learns: a class for each image, or one for each pixel</source>
        <translation>网络学习的内容：每张图像一个类别，或每个像素一个类别</translation>
    </message>
    <message>
        <source>How sharply the search chooses among operations while it learns: lower is closer to one choice</source>
        <translation>搜索在学习时对操作选择的锐度：越低越接近单一选择</translation>
    </message>
    <message>
        <source>The same seed, config and dataset repeat the same search</source>
        <translation>相同的种子、配置和数据集会重复同样的搜索</translation>
    </message>
    <message>
        <source>The network trained beside the policy, which judges its images</source>
        <translation>与策略一同训练、评判其图像的网络</translation>
    </message>
    <message>
        <source>Where the search computes: the processor, or a CUDA graphics card</source>
        <translation>搜索在哪里计算：处理器，或 CUDA 显卡</translation>
    </message>
    <message>
        <source>&amp;Task:</source>
        <translation>任务(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>模型(&amp;M)：</translation>
    </message>
    <message>
        <source>Devi&amp;ce:</source>
        <translation>设备(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Image size:</source>
        <translation>图像尺寸(&amp;I)：</translation>
    </message>
    <message>
        <source>&amp;Use at most:</source>
        <translation>最多使用(&amp;U)：</translation>
    </message>
    <message>
        <source>Steps &amp;per epoch:</source>
        <translation>每轮步数(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Epochs:</source>
        <translation>轮数(&amp;E)：</translation>
    </message>
    <message>
        <source>&amp;Batch size:</source>
        <translation>批大小(&amp;B)：</translation>
    </message>
    <message>
        <source>Sub-po&amp;licies:</source>
        <translation>子策略数(&amp;L)：</translation>
    </message>
    <message>
        <source>Sta&amp;ges:</source>
        <translation>阶段数(&amp;G)：</translation>
    </message>
    <message>
        <source>Chun&amp;ks:</source>
        <translation>分块数(&amp;K)：</translation>
    </message>
    <message>
        <source>Tempe&amp;rature:</source>
        <translation>温度(&amp;R)：</translation>
    </message>
    <message>
        <source>See&amp;d:</source>
        <translation>随机种子(&amp;D)：</translation>
    </message>
</context>
<context>
    <name>augstudio::ui::ConfigPanel</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>YAML</source>
        <translation>YAML</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <source>The YAML text has an error; fix it first: %1</source>
        <translation>YAML 文本有错误，请先修正：%1</translation>
    </message>
    <message>
        <source>The YAML config has an error: %1</source>
        <translation>YAML 配置有错误：%1</translation>
    </message>
    <message>
        <source>Notes:</source>
        <translation>注意：</translation>
    </message>
    <message>
        <source>Keys AugStudio reads differently or ignores:</source>
        <translation>AugStudio 以不同方式读取或忽略的键：</translation>
    </message>
    <message>
        <source>Line %1: </source>
        <translation>第 %1 行：</translation>
    </message>
    <message>
        <source>The YAML config has an error (the settings keep the last valid config): %1</source>
        <translation>YAML 配置有错误（设置保留最后一个有效配置）：%1</translation>
    </message>
    <message>
        <source>In sync with the settings.</source>
        <translation>与设置保持同步。</translation>
    </message>
    <message>
        <source>Written anew from the settings: this change could not be made in the text as it was, so its comments and the keys AugStudio does not use are gone.</source>
        <translation>已根据设置重新写出：此更改无法在原文本中进行，因此其中的注释以及 AugStudio 不使用的键已不复存在。</translation>
    </message>
    <message>
        <source>%1 is read-only; save the config under another name (Save Config As…).</source>
        <translation>%1 是只读文件；请以其他名称保存配置（配置另存为…）。</translation>
    </message>
    <message>
        <source>YAML config</source>
        <translation>YAML 配置</translation>
    </message>
    <message>
        <source>Fix it in the YAML tab to edit the settings again.</source>
        <translation>请在 YAML 标签页中修正它，之后才能再次编辑设置。</translation>
    </message>
    <message>
        <source>A value in the settings cannot be used: %1</source>
        <translation>设置中的一个值无法使用：%1</translation>
    </message>
</context>
<context>
    <name>augstudio::ui::DatasetPanel</name>
    <message>
        <source>Drop a dataset folder here</source>
        <translation>将数据集文件夹拖放到此处</translation>
    </message>
    <message>
        <source>Try the sample (Fashion-MNIST)</source>
        <translation>试用示例（Fashion-MNIST）</translation>
    </message>
    <message>
        <source>Open Dataset Folder…</source>
        <translation>打开数据集文件夹…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>文件夹：</translation>
    </message>
    <message>
        <source>Layout:</source>
        <translation>布局：</translation>
    </message>
    <message>
        <source>Task:</source>
        <translation>任务：</translation>
    </message>
    <message>
        <source>Images:</source>
        <translation>图像：</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>尺寸：</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Scanning %1…</source>
        <translation>正在扫描 %1…</translation>
    </message>
    <message>
        <source>%1 of %2 images</source>
        <translation>%1 / %2 张图像</translation>
    </message>
    <message>
        <source>Scan cancelled.</source>
        <translation>扫描已取消。</translation>
    </message>
    <message>
        <source>Class folders (image_folder)</source>
        <translation>类别文件夹（image_folder）</translation>
    </message>
    <message>
        <source>IDX files, MNIST style (idx)</source>
        <translation>MNIST 格式的 IDX 文件（idx）</translation>
    </message>
    <message>
        <source>Images + masks (segmentation_pairs)</source>
        <translation>图像 + 掩码（segmentation_pairs）</translation>
    </message>
    <message>
        <source>Pascal VOC (voc)</source>
        <translation>Pascal VOC（voc）</translation>
    </message>
    <message>
        <source>Cityscapes (cityscapes)</source>
        <translation>Cityscapes（cityscapes）</translation>
    </message>
    <message>
        <source>Classification</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>Semantic segmentation</source>
        <translation>语义分割</translation>
    </message>
    <message>
        <source>1 image</source>
        <translation>1 张图像</translation>
    </message>
    <message>
        <source>%1 images</source>
        <translation>%1 张图像</translation>
    </message>
    <message>
        <source>, 1 class</source>
        <translation>，1 个类别</translation>
    </message>
    <message>
        <source>, %1 classes</source>
        <translation>，%1 个类别</translation>
    </message>
    <message>
        <source> (a subset of at most %1)</source>
        <translation>（最多 %1 张的子集）</translation>
    </message>
    <message>
        <source>%1 × %2 px</source>
        <translation>%1 × %2 像素</translation>
    </message>
    <message>
        <source>%1–%2 × %3–%4 px (mean %5 × %6)</source>
        <translation>%1–%2 × %3–%4 像素（平均 %5 × %6）</translation>
    </message>
    <message>
        <source>no readable image</source>
        <translation>没有可读取的图像</translation>
    </message>
    <message>
        <source>class %1</source>
        <translation>类别 %1</translation>
    </message>
    <message>
        <source>No problems found.</source>
        <translation>未发现问题。</translation>
    </message>
    <message>
        <source>Problems (%1):</source>
        <translation>问题（%1）：</translation>
    </message>
    <message>
        <source>The scan was cancelled: the figures cover only part of the dataset.</source>
        <translation>扫描已取消：这些数字仅涵盖数据集的一部分。</translation>
    </message>
    <message>
        <source>, grayscale</source>
        <translation>，灰度</translation>
    </message>
    <message>
        <source>Scanning %1… %2 files listed</source>
        <translation>正在扫描 %1… 已列出 %2 个文件</translation>
    </message>
    <message>
        <source> (%1 more unreadable)</source>
        <translation>（另有 %1 张无法读取）</translation>
    </message>
    <message>
        <source>Images per class</source>
        <translation>每个类别的图像数</translation>
    </message>
    <message>
        <source>Dataset problems</source>
        <translation>数据集问题</translation>
    </message>
    <message>
        <source>A folder with one sub-folder per class, IDX files, CIFAR or SVHN as torchvision downloads them, images with a labels .csv, images/ + masks/, Pascal VOC or Cityscapes.</source>
        <translation>每个类别一个子文件夹的文件夹、IDX 文件、torchvision 下载的 CIFAR 或 SVHN、带标签 .csv 的图像、images/ + masks/、Pascal VOC 或 Cityscapes。</translation>
    </message>
    <message>
        <source>Images + labels file (csv)</source>
        <translation>图像 + 标签文件 (csv)</translation>
    </message>
    <message>
        <source>CIFAR as torchvision downloads it (cifar)</source>
        <translation>torchvision 下载的 CIFAR (cifar)</translation>
    </message>
    <message>
        <source>SVHN as torchvision downloads it (svhn)</source>
        <translation>torchvision 下载的 SVHN (svhn)</translation>
    </message>
    <message>
        <source>Oxford&apos;s 102 flowers as torchvision downloads them (flowers102)</source>
        <translation>torchvision 下载的牛津 102 种花卉 (flowers102)</translation>
    </message>
    <message>
        <source>STL-10 as torchvision downloads it (stl10)</source>
        <translation>torchvision 下载的 STL-10 (stl10)</translation>
    </message>
    <message>
        <source>%1 is still the dataset in use.</source>
        <translation>%1 仍是当前使用的数据集。</translation>
    </message>
    <message>
        <source>, </source>
        <extracomment>Between the counts of errors and of warnings: &quot;2 errors, 1 warning&quot;.</extracomment>
        <translation>，</translation>
    </message>
    <message numerus="yes">
        <source>%n error</source>
        <translation>
            <numerusform>%n 个错误</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n errors</source>
        <translation>
            <numerusform>%n 个错误</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning</source>
        <translation>
            <numerusform>%n 个警告</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warnings</source>
        <translation>
            <numerusform>%n 个警告</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>augstudio::ui::DatasetScanner</name>
    <message>
        <source>The folder “%1” does not exist (any more). Choose another folder with File ▸ Open Dataset… or drop one here.</source>
        <translation>文件夹“%1”不存在（或已被删除）。请通过“文件 ▸ 打开数据集…”选择其他文件夹，或将文件夹拖放到此处。</translation>
    </message>
    <message>
        <source>“%1” is a file. AugStudio accepts one dataset folder: drop the folder that holds the images.</source>
        <translation>“%1”是一个文件。AugStudio 只接受一个数据集文件夹：请拖放包含图像的文件夹。</translation>
    </message>
    <message>
        <source>The folder “%1” disappeared while it was being scanned. Put it back or choose another folder.</source>
        <translation>文件夹“%1”在扫描过程中消失了。请将其恢复，或选择其他文件夹。</translation>
    </message>
    <message>
        <source>“%1” holds no images AugStudio can read. %2</source>
        <translation>“%1”中没有 AugStudio 可以读取的图像。%2</translation>
    </message>
    <message>
        <source>None of the %1 image files in “%2” can be read, e.g. %3</source>
        <translation>“%2”中的 %1 个图像文件都无法读取，例如 %3</translation>
    </message>
    <message>
        <source>The name of the folder “%1” is not UTF-8 text, which the app cannot open: rename it, or search it with augstudio-cli.</source>
        <translation>文件夹“%1”的名称不是 UTF-8 文本，应用无法打开。请重命名该文件夹，或使用 augstudio-cli 进行搜索。</translation>
    </message>
    <message>
        <source>“%1” does not look like a dataset. AugStudio reads a folder with one sub-folder per class (cats/, dogs/, …), Fashion-MNIST/MNIST IDX files, CIFAR or SVHN as torchvision downloads them (cifar-10-batches-py/, train_32x32.mat), images with a labels file (labels.csv: image,label), images/ + masks/ folders, Pascal VOC (JPEGImages/ + SegmentationClass/) or Cityscapes (leftImg8bit/ + gtFine/). Drop the folder that holds one of these.</source>
        <translation>“%1”看起来不像数据集。AugStudio 可读取：每个类别一个子文件夹的文件夹（cats/、dogs/、…）、Fashion-MNIST/MNIST IDX 文件、torchvision 下载的 CIFAR 或 SVHN（cifar-10-batches-py/、train_32x32.mat）、带标签文件的图像（labels.csv：image,label）、images/ + masks/ 文件夹、Pascal VOC（JPEGImages/ + SegmentationClass/）或 Cityscapes（leftImg8bit/ + gtFine/）。请拖放包含其中之一的文件夹。</translation>
    </message>
    <message>
        <source>Cannot read the dataset folder “%1”: %2.</source>
        <translation>无法读取数据集文件夹“%1”：%2。</translation>
    </message>
</context>
<context>
    <name>augstudio::ui::EvaluateDialog</name>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Evaluate Policy</source>
        <translation>评估策略</translation>
    </message>
    <message>
        <source>The folder of the dataset to train and test on</source>
        <translation>用于训练和测试的数据集文件夹</translation>
    </message>
    <message>
        <source>&amp;Dataset folder:</source>
        <translation>数据集文件夹(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Epochs:</source>
        <translation>轮数(&amp;E)：</translation>
    </message>
    <message>
        <source>&amp;Training images:</source>
        <translation>训练图像数(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Held-out images:</source>
        <translation>保留图像数(&amp;H)：</translation>
    </message>
    <message>
        <source>Repe&amp;ats:</source>
        <translation>重复次数(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Seed:</source>
        <translation>随机种子(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>Stop the evaluation after the current batch</source>
        <translation>在当前批次完成后停止评估</translation>
    </message>
    <message>
        <source>The policy file %1 does not exist.</source>
        <translation>策略文件 %1 不存在。</translation>
    </message>
    <message>
        <source>Choose the folder of the dataset to train and test on.</source>
        <translation>请选择用于训练和测试的数据集文件夹。</translation>
    </message>
    <message>
        <source>The dataset folder %1 does not exist.</source>
        <translation>数据集文件夹 %1 不存在。</translation>
    </message>
    <message>
        <source>Loading and preparing the images…</source>
        <translation>正在加载并准备图像…</translation>
    </message>
    <message>
        <source>Cancelling after the current batch…</source>
        <translation>将在当前批次完成后取消…</translation>
    </message>
    <message>
        <source>Albumentations policy (*.json);;All files (*)</source>
        <translation>Albumentations 策略 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Choose a Dataset Folder</source>
        <translation>选择数据集文件夹</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Finished.</source>
        <translation>已完成。</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>mIoU</source>
        <translation>mIoU</translation>
    </message>
    <message>
        <source>%1 (mean)</source>
        <translation>%1（平均）</translation>
    </message>
    <message>
        <source>Std</source>
        <translation>标准差</translation>
    </message>
    <message>
        <source>Seed %1</source>
        <translation>种子 %1</translation>
    </message>
    <message>
        <source>The evaluation failed: %1</source>
        <translation>评估失败：%1</translation>
    </message>
    <message>
        <source>Add &amp;Files…</source>
        <translation>添加文件(&amp;F)…</translation>
    </message>
    <message>
        <source>Remo&amp;ve</source>
        <translation>移除(&amp;V)</translation>
    </message>
    <message>
        <source>Albumentations JSON policies; the first one&apos;s preprocessing serves every arm. Double-click a path to edit it.</source>
        <translation>Albumentations JSON 策略；第一个策略的预处理用于所有分支。双击路径可编辑。</translation>
    </message>
    <message>
        <source>the policy&apos;s preprocessing only</source>
        <translation>仅策略的预处理</translation>
    </message>
    <message>
        <source>horizontal flip and a shift of up to 6.25 %</source>
        <translation>水平翻转及最多 6.25% 的平移</translation>
    </message>
    <message>
        <source>one random operation at a random strength (TrivialAugment)</source>
        <translation>一个随机操作，强度随机（TrivialAugment）</translation>
    </message>
    <message>
        <source>two random operations at a fixed strength (RandAugment)</source>
        <translation>两个随机操作，强度固定（RandAugment）</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Small (fast)</source>
        <translation>小型（快速）</translation>
    </message>
    <message>
        <source>ResNet-18 (the search&apos;s network)</source>
        <translation>ResNet-18（搜索所用的网络）</translation>
    </message>
    <message>
        <source>&amp;Policy files:</source>
        <translation>策略文件(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Baselines:</source>
        <translation>基线(&amp;B)：</translation>
    </message>
    <message>
        <source>&amp;Network:</source>
        <translation>网络(&amp;N)：</translation>
    </message>
    <message>
        <source>Train with each policy and each baseline, and compare</source>
        <translation>分别使用每个策略和每个基线训练并比较</translation>
    </message>
    <message>
        <source>Save Rep&amp;ort…</source>
        <translation>保存报告(&amp;O)…</translation>
    </message>
    <message>
        <source>Write the scores per arm, seed and epoch and the comparisons as CSV, and the plot as a PNG of the same name beside it</source>
        <translation>将每个分支、种子和轮次的得分以及比较结果写入 CSV，并将图表作为同名 PNG 保存在旁边</translation>
    </message>
    <message>
        <source>Add a policy file (an Albumentations JSON) to evaluate.</source>
        <translation>请添加要评估的策略文件（Albumentations JSON）。</translation>
    </message>
    <message>
        <source>Check at least one baseline to compare the policies with.</source>
        <translation>请至少勾选一个用于与策略比较的基线。</translation>
    </message>
    <message>
        <source>Saved the report as %1 and the plot as %2.</source>
        <translation>已将报告保存为 %1，图表保存为 %2。</translation>
    </message>
    <message>
        <source>Save Evaluation Report</source>
        <translation>保存评估报告</translation>
    </message>
    <message>
        <source>CSV report, with the plot as PNG beside it (*.csv)</source>
        <translation>CSV 报告，图表以 PNG 保存在旁边 (*.csv)</translation>
    </message>
    <message>
        <source>Choose Policy Files</source>
        <translation>选择策略文件</translation>
    </message>
    <message>
        <source>Run %1 of %2, arm %3 of %4 (%5): epoch %6 of %7, batch %8 of %9, loss %10</source>
        <translation>第 %1/%2 次运行，分支 %3/%4（%5）：第 %6/%7 轮，第 %8/%9 批，损失 %10</translation>
    </message>
    <message>
        <source>Cancelled after %1 of %2 runs; the table and the plot show the finished ones.</source>
        <translation>已在 %2 次运行中的第 %1 次后取消；表格和图表显示已完成的运行。</translation>
    </message>
    <message>
        <source>ResNet-18</source>
        <translation>ResNet-18</translation>
    </message>
    <message>
        <source>small network</source>
        <translation>小型网络</translation>
    </message>
    <message>
        <source>Arm</source>
        <translation>分支</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>95 % interval</source>
        <translation>95% 区间</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <source>policy</source>
        <translation>策略</translation>
    </message>
    <message>
        <source>baseline</source>
        <translation>基线</translation>
    </message>
    <message>
        <source>%1 − %2</source>
        <translation>%1 − %2</translation>
    </message>
    <message>
        <source>difference</source>
        <translation>差值</translation>
    </message>
    <message>
        <source>Policy minus baseline, paired by seed: above zero, the policy helps</source>
        <translation>策略减去基线，按种子配对：大于零表示策略有帮助</translation>
    </message>
    <message>
        <source>[%1, %2]</source>
        <translation>[%1, %2]</translation>
    </message>
    <message>
        <source>one seed: no interval (set Repeats to 2 or more)</source>
        <translation>仅一个种子：无区间（请将重复次数设为 2 或以上）</translation>
    </message>
    <message>
        <source>no measurable difference</source>
        <translation>无可测量的差异</translation>
    </message>
    <message>
        <source>the policy is better</source>
        <translation>策略更好</translation>
    </message>
    <message>
        <source>the baseline is better</source>
        <translation>基线更好</translation>
    </message>
    <message>
        <source>One image was left out: %1</source>
        <translation>有一张图像被略过：%1</translation>
    </message>
    <message>
        <source>%1 images were left out; the first: %2</source>
        <translation>有 %1 张图像被略过；第一张：%2</translation>
    </message>
    <message>
        <source>no verdict: the policy scored higher on these %1 held-out images, too few to call it better</source>
        <translation>无结论：策略在这 %1 张保留图像上得分更高，但图像太少，不能称其更好</translation>
    </message>
    <message>
        <source>no verdict: the baseline scored higher on these %1 held-out images, too few to call it better</source>
        <translation>无结论：基线在这 %1 张保留图像上得分更高，但图像太少，不能称其更好</translation>
    </message>
    <message>
        <source>no measurable difference (the seeds agree to within one held-out image: run more repeats or more held-out images)</source>
        <translation>无可测量的差异（各种子的结果相差不到一张保留图像：请增加重复次数或保留图像）</translation>
    </message>
    <message>
        <source>Cancelled before the first run finished: there is nothing to compare yet.</source>
        <translation>在第一次运行结束前已取消：尚无可比较的结果。</translation>
    </message>
    <message>
        <source>inconclusive: the interval includes 0 but is too wide to rule out a difference of a few points (set more Repeats)</source>
        <translation>无法判断：区间包含 0，但过宽，无法排除几个百分点的差异（请增加重复次数）</translation>
    </message>
    <message>
        <source>Policy files</source>
        <translation>策略文件</translation>
    </message>
    <message>
        <source>Dataset folder</source>
        <translation>数据集文件夹</translation>
    </message>
    <message>
        <source>Baselines</source>
        <translation>基线</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Cance&amp;l</source>
        <translation>取消(&amp;L)</translation>
    </message>
    <message>
        <source>no verdict: the arms scored alike on these %1 held-out images, too few to tell them apart</source>
        <translation>无结论：各组在这 %1 张保留图像上得分相同，但图像太少，无法区分</translation>
    </message>
    <message>
        <source>An evaluation is running. Stop it and quit? Nothing of it is saved: the runs finished so far are lost.</source>
        <translation>评估正在运行。要停止并退出吗？评估结果不会保存：目前已完成的运行将丢失。</translation>
    </message>
    <message>
        <source>An evaluation is running. Stop it? The run finished so far stays in the table, to be saved as a report; the run in progress is lost.</source>
        <translation>评估正在运行。要停止吗？目前已完成的那次运行保留在表格中，可保存为报告；正在进行的运行将丢失。</translation>
    </message>
    <message numerus="yes">
        <source>An evaluation is running. Stop it? The %n runs finished so far stay in the table, to be saved as a report; the run in progress is lost.</source>
        <translation>
            <numerusform>评估正在运行。要停止吗？目前已完成的 %n 次运行保留在表格中，可保存为报告；正在进行的运行将丢失。</numerusform>
        </translation>
    </message>
    <message>
        <source>An evaluation is running. Stop it? No run has finished yet, so nothing of it is kept.</source>
        <translation>评估正在运行。要停止吗？尚无运行完成，因此不会保留任何结果。</translation>
    </message>
    <message>
        <source>Stop the evaluation?</source>
        <translation>停止评估？</translation>
    </message>
    <message>
        <source>Replace the plot?</source>
        <translation>替换图表？</translation>
    </message>
    <message>
        <source>The plot is saved beside the report as %1, which exists already. Replace it?</source>
        <translation>图表将保存在报告旁，文件名为 %1，该文件已存在。要替换它吗？</translation>
    </message>
    <message numerus="yes">
        <source>%1 training and %n held-out image</source>
        <translation>
            <numerusform>%1 张训练图像和 %n 张保留图像</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 training and %n held-out images</source>
        <translation>
            <numerusform>%1 张训练图像和 %n 张保留图像</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n epoch</source>
        <translation>
            <numerusform>%n 轮</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n epochs</source>
        <translation>
            <numerusform>%n 轮</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 classes · %2 (%3) · %4×%4 pixels · %5 · %6 · %7</source>
        <translation>%1 个类别 · %2（%3） · %4×%4 像素 · %5 · %6 · %7</translation>
    </message>
    <message>
        <source>one run finished: no interval</source>
        <translation>仅完成一次运行：无区间</translation>
    </message>
    <message>
        <source>Stopped by an error.</source>
        <translation>因错误而停止。</translation>
    </message>
    <message>
        <source>An error stopped the evaluation after %1 of %2 runs; the table and the plot show the finished ones: %3</source>
        <translation>评估在 %2 次运行中的第 %1 次后因错误而停止；表格和图表显示已完成的运行：%3</translation>
    </message>
    <message>
        <source>Trains the same network once per arm, with each policy and with each checked baseline, on training images drawn from the dataset for each run, and compares their accuracy on held-out images (mIoU for segmentation).</source>
        <translation>为每个分支训练一次同一个网络（每个策略和每个勾选的基线各一次），每次运行都从数据集中抽取训练图像，并比较它们在保留图像上的准确率（分割任务为 mIoU）。</translation>
    </message>
    <message>
        <source>Runs with the seeds seed, seed + 1, …, each with training images of its own; two or more give each difference a 95 % interval</source>
        <translation>使用种子 seed、seed + 1、… 运行，每次运行有各自的训练图像；两次或以上时每个差值都有 95% 区间</translation>
    </message>
    <message>
        <source>Fixes the held-out images, and each run&apos;s training images and training (run r uses seed + r − 1)</source>
        <translation>固定保留图像，以及每次运行的训练图像和训练（第 r 次运行使用 seed + r − 1）</translation>
    </message>
</context>
<context>
    <name>augstudio::ui::EvaluatePlot</name>
    <message>
        <source>Epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Held-out score</source>
        <translation>保留图像得分</translation>
    </message>
    <message>
        <source>The held-out score of every arm appears here after each epoch.</source>
        <translation>每轮结束后，这里显示每个分支在保留图像上的得分。</translation>
    </message>
</context>
<context>
    <name>augstudio::ui::EvaluateWorker</name>
    <message>
        <source>The evaluation stopped with an unknown error.</source>
        <translation>评估因未知错误而停止。</translation>
    </message>
</context>
<context>
    <name>augstudio::ui::ImageSizeField</name>
    <message>
        <source>As they are</source>
        <translation>保持原样</translation>
    </message>
    <message>
        <source>Resize to a square</source>
        <translation>缩放为正方形</translation>
    </message>
    <message>
        <source>Longest side, then pad</source>
        <translation>按最长边缩放后填充</translation>
    </message>
    <message>
        <source>Random crop</source>
        <translation>随机裁剪</translation>
    </message>
    <message>
        <source>Custom (YAML tab)</source>
        <translation>自定义（YAML 标签页）</translation>
    </message>
    <message>
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <source>Preprocessing: %1</source>
        <translation>预处理：%1</translation>
    </message>
    <message>
        <source>Image size</source>
        <translation>图像尺寸</translation>
    </message>
    <message>
        <source>Image side</source>
        <translation>图像边长</translation>
    </message>
    <message>
        <source>How the images are brought to the size the search trains on</source>
        <translation>图像如何调整到搜索训练所用的尺寸</translation>
    </message>
    <message>
        <source>Preprocessing: none</source>
        <translation>预处理：无</translation>
    </message>
</context>
<context>
    <name>augstudio::ui::InlineMessage</name>
    <message>
        <source>Hide this message</source>
        <translation>隐藏此消息</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>augstudio::ui::LanguageMenu</name>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;System Language</source>
        <translation>系统语言(&amp;S)</translation>
    </message>
    <message>
        <source>Takes effect when AugStudio restarts</source>
        <translation>重新启动 AugStudio 后生效</translation>
    </message>
</context>
<context>
    <name>augstudio::ui::MainWindow</name>
    <message>
        <source>AugStudio</source>
        <translation>AugStudio</translation>
    </message>
    <message>
        <source>No recent searches</source>
        <translation>没有最近的搜索</translation>
    </message>
    <message>
        <source>Drop a dataset folder on the window, or try the sample.</source>
        <translation>将数据集文件夹拖放到窗口上，或试用示例。</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Config</source>
        <translation>配置</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>The new language takes effect when you restart AugStudio.</source>
        <translation>新语言将在您重新启动 AugStudio 后生效。</translation>
    </message>
    <message>
        <source>You dropped %1 items.</source>
        <translation>您拖放了 %1 个项目。</translation>
    </message>
    <message>
        <source>“%1” is not a folder.</source>
        <translation>“%1”不是文件夹。</translation>
    </message>
    <message>
        <source>AugStudio accepts one dataset folder: drop the single folder that holds the images (or the class folders).</source>
        <translation>AugStudio 只接受一个数据集文件夹：请拖放包含图像（或类别文件夹）的那一个文件夹。</translation>
    </message>
    <message>
        <source>Scanning %1…</source>
        <translation>正在扫描 %1…</translation>
    </message>
    <message>
        <source>The sample needs the Fashion-MNIST files in %1. Install them with the Debian package dataset-fashion-mnist (sudo apt install dataset-fashion-mnist) and try again.</source>
        <translation>示例需要 %1 中的 Fashion-MNIST 文件。请通过 Debian 软件包 dataset-fashion-mnist 安装（sudo apt install dataset-fashion-mnist），然后重试。</translation>
    </message>
    <message>
        <source>Loading the Fashion-MNIST sample…</source>
        <translation>正在加载 Fashion-MNIST 示例…</translation>
    </message>
    <message>
        <source>Not a usable dataset: %1</source>
        <translation>不是可用的数据集：%1</translation>
    </message>
    <message>
        <source>Dataset ready: %1 images in %2. Press Start to search.</source>
        <translation>数据集已就绪：%2 中有 %1 张图像。点击“开始搜索”。</translation>
    </message>
    <message>
        <source>Open Dataset Folder</source>
        <translation>打开数据集文件夹</translation>
    </message>
    <message>
        <source>Config loaded from %1</source>
        <translation>已从 %1 加载配置</translation>
    </message>
    <message>
        <source>Open Config</source>
        <translation>打开配置</translation>
    </message>
    <message>
        <source>Search configs (*.yaml *.yml);;All files (*)</source>
        <translation>搜索配置 (*.yaml *.yml);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Save Config As</source>
        <translation>配置另存为</translation>
    </message>
    <message>
        <source>Search configs (*.yaml *.yml)</source>
        <translation>搜索配置 (*.yaml *.yml)</translation>
    </message>
    <message>
        <source>The config was not saved: %1</source>
        <translation>配置未保存：%1</translation>
    </message>
    <message>
        <source>Config saved to %1</source>
        <translation>配置已保存到 %1</translation>
    </message>
    <message>
        <source>Stop the search?</source>
        <translation>停止搜索？</translation>
    </message>
    <message>
        <source>A search is running. Stop it and quit? It stops after the current step; the policy of the last finished epoch stays saved in %1.</source>
        <translation>搜索正在进行。要停止并退出吗？搜索将在当前步骤完成后停止；最后一个已完成轮次的策略仍保存在 %1 中。</translation>
    </message>
    <message>
        <source>Output Folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <source>Open a dataset first: drop a folder on the window, use File ▸ Open Dataset…, or try the sample.</source>
        <translation>请先打开数据集：将文件夹拖放到窗口上，使用“文件 ▸ 打开数据集…”，或试用示例。</translation>
    </message>
    <message>
        <source>There is no search to continue: open one with File ▸ Open Search Folder… (a folder with checkpoints/last.pt).</source>
        <translation>没有可继续的搜索：请通过“文件 ▸ 打开搜索文件夹…”打开一个（包含 checkpoints/last.pt 的文件夹）。</translation>
    </message>
    <message>
        <source>%1 already holds a search. Choose another output folder, or open it with File ▸ Open Search Folder… and continue it.</source>
        <translation>%1 中已有一个搜索。请选择其他输出文件夹，或通过“文件 ▸ 打开搜索文件夹…”打开它并继续搜索。</translation>
    </message>
    <message>
        <source>Continuing the search…</source>
        <translation>正在继续搜索…</translation>
    </message>
    <message>
        <source>Starting the search…</source>
        <translation>正在开始搜索…</translation>
    </message>
    <message>
        <source>Searching; results go to %1</source>
        <translation>正在搜索；结果将写入 %1</translation>
    </message>
    <message>
        <source>Stopping after the current step…</source>
        <translation>将在当前步骤完成后停止…</translation>
    </message>
    <message>
        <source>Search started on %1 with %2 threads; results go to %3</source>
        <translation>搜索已在 %1 上以 %2 个线程开始；结果将写入 %3</translation>
    </message>
    <message>
        <source>Plateau: the policy has converged; keep epoch %1. %2</source>
        <translation>平台期：策略已收敛；请保留第 %1 轮。%2</translation>
    </message>
    <message>
        <source>The search failed: %1</source>
        <translation>搜索失败：%1</translation>
    </message>
    <message>
        <source>Search finished.</source>
        <translation>搜索已完成。</translation>
    </message>
    <message>
        <source>Search stopped.</source>
        <translation>搜索已停止。</translation>
    </message>
    <message>
        <source>Save Policy of Epoch %1</source>
        <translation>保存第 %1 轮的策略</translation>
    </message>
    <message>
        <source>The policy was not saved: %1</source>
        <translation>策略未保存：%1</translation>
    </message>
    <message>
        <source>Export Metrics as CSV</source>
        <translation>将指标导出为 CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>The metrics were not exported: %1</source>
        <translation>指标未导出：%1</translation>
    </message>
    <message>
        <source>Export Plot as PNG</source>
        <translation>将图表导出为 PNG</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>A search is running; stop it before opening another.</source>
        <translation>搜索正在进行；请先停止它，再打开其他搜索。</translation>
    </message>
    <message>
        <source>%1 is not a search folder: it has neither config.yaml nor metrics.csv.</source>
        <translation>%1 不是搜索文件夹：其中既没有 config.yaml 也没有 metrics.csv。</translation>
    </message>
    <message>
        <source>Opened the search in %1 (%2 finished epochs).</source>
        <translation>已打开 %1 中的搜索（已完成 %2 轮）。</translation>
    </message>
    <message>
        <source>Open Search Folder</source>
        <translation>打开搜索文件夹</translation>
    </message>
    <message>
        <source>Policy of epoch %1 saved for Albumentations %2 to %3</source>
        <translation>第 %1 轮的策略已按 Albumentations %2 格式保存到 %3</translation>
    </message>
    <message>
        <source>The search could not be timed: %1</source>
        <translation>无法测量搜索耗时：%1</translation>
    </message>
    <message>
        <source>Timing a few steps on the dataset…</source>
        <translation>正在数据集上计时几个步骤…</translation>
    </message>
    <message>
        <source>It was searched by %1 processes sharing each batch.</source>
        <translation>此搜索由 %1 个进程共同完成，每个批次由它们分担。</translation>
    </message>
    <message>
        <source>%1 is inside the dataset folder: the search&apos;s files would be read as images of the dataset. Choose an output folder outside it.</source>
        <translation>%1 位于数据集文件夹内：搜索的文件会被当作数据集的图像读取。请选择数据集之外的输出文件夹。</translation>
    </message>
    <message>
        <source>Not timed before the start: the progress line shows the time left.</source>
        <translation>开始前未计时：进度行会显示剩余时间。</translation>
    </message>
    <message>
        <source>This search has finished the epochs its config asks for (%1). Raise Epochs in the config to %2 or more, then continue it.</source>
        <translation>此搜索已完成配置要求的轮数（%1）。请在配置中将“轮数”提高到 %2 或更多，然后继续。</translation>
    </message>
    <message>
        <source>Search continued at epoch %1 on %2 with %3 threads; results go to %4</source>
        <translation>搜索已从第 %1 轮起在 %2 上以 %3 个线程继续；结果将写入 %4</translation>
    </message>
    <message>
        <source>Config loaded from %1; it names no dataset folder, so the open dataset %2 is used.</source>
        <translation>已从 %1 加载配置；其中未指定数据集文件夹，因此使用已打开的数据集 %2。</translation>
    </message>
    <message>
        <source>Config loaded from %1; its dataset folder %2 does not exist, so the open dataset %3 is used.</source>
        <translation>已从 %1 加载配置；其数据集文件夹 %2 不存在，因此使用已打开的数据集 %3。</translation>
    </message>
    <message>
        <source>Save the config?</source>
        <translation>保存配置？</translation>
    </message>
    <message>
        <source>The config has changes that are not saved in a file.</source>
        <translation>配置有尚未保存到文件的更改。</translation>
    </message>
    <message>
        <source>The config has changes that are not saved in %1.</source>
        <translation>配置有尚未保存到 %1 的更改。</translation>
    </message>
    <message>
        <source>Overwrite the config file?</source>
        <translation>覆盖配置文件？</translation>
    </message>
    <message>
        <source>%1 was changed by another program since AugStudio read it. Replace those changes with the config shown here?</source>
        <translation>自 AugStudio 读取以来，%1 已被其他程序修改。要用此处显示的配置替换这些更改吗？</translation>
    </message>
    <message>
        <source>There is no folder %1 any more; it has been removed from the recent datasets.</source>
        <translation>文件夹 %1 已不存在；已从最近的数据集中移除。</translation>
    </message>
    <message>
        <source>There is no folder %1 any more; it has been removed from the recent searches.</source>
        <translation>文件夹 %1 已不存在；已从最近的搜索中移除。</translation>
    </message>
    <message>
        <source>&amp;Dataset</source>
        <translation>数据集(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Config</source>
        <translation>配置(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Preview</source>
        <translation>预览(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>搜索(&amp;S)</translation>
    </message>
    <message>
        <source>No policy is selected: click an epoch on the plot or choose one under Policy in the Search panel.</source>
        <translation>未选择策略：请在图表上点击一个轮次，或在“搜索”面板的“策略”中选择一个。</translation>
    </message>
    <message>
        <source>A search is running; stop it before opening another dataset.</source>
        <translation>搜索正在进行；请先停止它，再打开其他数据集。</translation>
    </message>
    <message>
        <source>The plot was not exported: %1</source>
        <translation>图表未导出：%1</translation>
    </message>
    <message>
        <source>Dataset ready: %1 images in %2, %3 (see the Dataset panel). Press Start to search.</source>
        <translation>数据集已就绪：%2 中有 %1 张图像，%3（见“数据集”面板）。点击“开始搜索”。</translation>
    </message>
    <message>
        <source>%1: %2 → %3</source>
        <translation>%1：%2 → %3</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… 以及另外 %n 项</numerusform>
        </translation>
    </message>
    <message>
        <source>Continue Search</source>
        <translation>继续搜索</translation>
    </message>
    <message>
        <source>The config differs from the one this search ran with (%1). Continue with its own config, or with these changes, which the folder&apos;s config.yaml will then record?</source>
        <translation>当前配置与此搜索运行时的配置（%1）不同。使用它自己的配置继续，还是带着这些更改继续（文件夹的 config.yaml 随后会记录这些更改）？</translation>
    </message>
    <message>
        <source>Use Its Own Config</source>
        <translation>使用它自己的配置</translation>
    </message>
    <message>
        <source>Continue with the Changes</source>
        <translation>带着更改继续</translation>
    </message>
</context>
<context>
    <name>augstudio::ui::MetricsPlot</name>
    <message>
        <source>average parameter change (right axis)</source>
        <translation>平均参数变化（右轴）</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>average parameter change</source>
        <translation>平均参数变化</translation>
    </message>
    <message>
        <source> converged: keep epoch %1</source>
        <translation> 已收敛：保留第 %1 轮</translation>
    </message>
    <message>
        <source>selected: epoch %1 </source>
        <translation>已选择：第 %1 轮 </translation>
    </message>
    <message>
        <source>epoch %1, step %2
loss %3   d_loss %4   a_loss %5</source>
        <translation>第 %1 轮，第 %2 步
loss %3   d_loss %4   a_loss %5</translation>
    </message>
    <message>
        <source>
epoch %1 means: loss %2   d_loss %3   a_loss %4
average parameter change %5</source>
        <translation>
第 %1 轮平均值：loss %2   d_loss %3   a_loss %4
平均参数变化 %5</translation>
    </message>
    <message>
        <source>d_loss, a_loss</source>
        <translation>d_loss, a_loss</translation>
    </message>
    <message>
        <source>Metrics plot</source>
        <translation>指标图表</translation>
    </message>
    <message>
        <source>Metrics appear here while a search runs.
Click an epoch to stop there and keep its policy,
or choose one under Policy in the Search panel.</source>
        <translation>搜索运行时，指标会显示在这里。
点击某一轮次即可在该处停止并保留其策略，
或在“搜索”面板的“策略”中选择一个。</translation>
    </message>
    <message>
        <source>The first epoch has not finished yet.</source>
        <translation>第一轮尚未完成。</translation>
    </message>
    <message>
        <source>No search metrics yet.</source>
        <translation>尚无搜索指标。</translation>
    </message>
    <message>
        <source>Epoch %1: loss %2, d_loss %3, a_loss %4, average parameter change %5.</source>
        <translation>第 %1 轮：loss %2，d_loss %3，a_loss %4，平均参数变化 %5。</translation>
    </message>
    <message>
        <source>Selected policy: epoch %1.</source>
        <translation>所选策略：第 %1 轮。</translation>
    </message>
</context>
<context>
    <name>augstudio::ui::OperationsTable</name>
    <message>
        <source>Operation</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>下限</translation>
    </message>
    <message>
        <source>High</source>
        <translation>上限</translation>
    </message>
    <message>
        <source>%1 has no magnitude</source>
        <translation>%1 没有强度参数</translation>
    </message>
    <message>
        <source>Operation %1: %2</source>
        <translation>操作 %1：%2</translation>
    </message>
    <message>
        <source>Tick at least one operation.</source>
        <translation>请至少勾选一个操作。</translation>
    </message>
    <message>
        <source>%1 takes values from %2 to %3</source>
        <translation>%1 的取值范围为 %2 到 %3</translation>
    </message>
    <message>
        <source>The dataset is grayscale: %1 changes colour channels, so it is off.</source>
        <translation>数据集为灰度图像：%1 会改变颜色通道，因此已关闭。</translation>
    </message>
    <message>
        <source>Operations</source>
        <translation>操作</translation>
    </message>
</context>
<context>
    <name>augstudio::ui::PlateauBanner</name>
    <message>
        <source>Hide; the search goes on</source>
        <translation>隐藏；搜索将继续</translation>
    </message>
    <message>
        <source>&lt;b&gt;The policy has converged.&lt;/b&gt; The average parameter change stopped falling at epoch %1 and has oscillated since. Keep the policy of epoch %2.</source>
        <translation>&lt;b&gt;策略已收敛。&lt;/b&gt;平均参数变化自第 %1 轮起不再下降，此后一直在波动。请保留第 %2 轮的策略。</translation>
    </message>
    <message>
        <source>Stop and keep epoch %1</source>
        <translation>停止并保留第 %1 轮</translation>
    </message>
    <message>
        <source>Keep epoch %1</source>
        <translation>保留第 %1 轮</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>augstudio::ui::PreviewPanel</name>
    <message>
        <source>Original and augmented images appear here while a search runs (Search ▸ Refresh Preview for new ones).</source>
        <translation>搜索运行时，原始图像和增强后的图像会显示在这里（通过“搜索 ▸ 刷新预览”获取新图像）。</translation>
    </message>
    <message>
        <source>original</source>
        <translation>原始</translation>
    </message>
    <message>
        <source>sub-policy %1: %2</source>
        <translation>子策略 %1：%2</translation>
    </message>
    <message>
        <source>Epoch %1: original (left) and augmented (right), with the sub-policy applied</source>
        <translation>第 %1 轮：原始图像（左）与增强图像（右），以及所应用的子策略</translation>
    </message>
    <message>
        <source>Preview pictures</source>
        <translation>预览图像</translation>
    </message>
</context>
<context>
    <name>augstudio::ui::QuickGuideDialog</name>
    <message>
        <source>AugStudio Quick Guide</source>
        <translation>AugStudio 快速指南</translation>
    </message>
    <message>
        <source>Quick guide</source>
        <translation>快速指南</translation>
    </message>
    <message>
        <source>Turn the Config panel&apos;s pages</source>
        <translation>切换“配置”面板的页面</translation>
    </message>
    <message>
        <source>Edit the selected operation&apos;s range</source>
        <translation>编辑所选操作的范围</translation>
    </message>
    <message>
        <source>Leave the YAML editor (YAML has no tabs)</source>
        <translation>离开 YAML 编辑器（YAML 不使用制表符）</translation>
    </message>
    <message>
        <source>Alt + underlined letter</source>
        <translation>Alt + 带下划线的字母</translation>
    </message>
    <message>
        <source>Open a menu, or press a button</source>
        <translation>打开菜单或按下按钮</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Keys&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;按键&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>&lt;h3&gt;From a dataset to a policy&lt;/h3&gt;&lt;ol&gt;&lt;li&gt;&lt;b&gt;Open a dataset:&lt;/b&gt; drop its folder on the window, or File ▸ Open Dataset. Class folders, MNIST-style IDX files, CIFAR and SVHN as torchvision downloads them, images with a labels CSV, image and mask pairs, Pascal VOC and Cityscapes are recognised; Try the Sample opens Fashion-MNIST.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Check the config&lt;/b&gt; in the Config panel, on its Settings page or as YAML. An AutoAlbument search.yaml opens as it is (File ▸ Open Config).&lt;/li&gt;&lt;li&gt;&lt;b&gt;Start the search&lt;/b&gt; and watch the plot: the losses and the average parameter change. A banner says when the policy has converged; the Preview shows augmented samples.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Keep an epoch:&lt;/b&gt; click it on the plot (a running search stops there), or choose it under Policy in the Search panel.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Save the policy&lt;/b&gt; for Albumentations 2.x or 1.x, and load it in Python with &lt;code&gt;albumentations.load(&quot;policy.json&quot;)&lt;/code&gt;.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Evaluate it&lt;/b&gt; (Search ▸ Evaluate Policy): a small network or ResNet-18 is trained with the policy and with baselines such as none, flip-shift and trivial-augment, and their held-out accuracies are compared.&lt;/li&gt;&lt;/ol&gt;&lt;p&gt;The same search runs without a window: &lt;code&gt;augstudio-cli help&lt;/code&gt;, &lt;code&gt;man augstudio-cli&lt;/code&gt;.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;从数据集到策略&lt;/h3&gt;&lt;ol&gt;&lt;li&gt;&lt;b&gt;打开数据集：&lt;/b&gt;把文件夹拖到窗口上，或选择 文件 ▸ 打开数据集。可识别类别文件夹、MNIST 风格的 IDX 文件、torchvision 下载的 CIFAR 和 SVHN、带标签 CSV 的图像、图像与掩码对、Pascal VOC 和 Cityscapes；“试用示例”会打开 Fashion-MNIST。&lt;/li&gt;&lt;li&gt;&lt;b&gt;检查配置：&lt;/b&gt;在“配置”面板的“设置”页或 YAML 中查看。AutoAlbument 的 search.yaml 可直接打开（文件 ▸ 打开配置）。&lt;/li&gt;&lt;li&gt;&lt;b&gt;开始搜索&lt;/b&gt;并观察图表：各项损失和平均参数变化。策略收敛时会出现横幅提示；“预览”显示增强后的样本。&lt;/li&gt;&lt;li&gt;&lt;b&gt;保留某个轮次：&lt;/b&gt;在图表上点击它（正在运行的搜索会在该处停止），或在“搜索”面板的“策略”中选择。&lt;/li&gt;&lt;li&gt;&lt;b&gt;保存策略&lt;/b&gt;（Albumentations 2.x 或 1.x），并在 Python 中用 &lt;code&gt;albumentations.load(&quot;policy.json&quot;)&lt;/code&gt; 加载。&lt;/li&gt;&lt;li&gt;&lt;b&gt;评估策略&lt;/b&gt;（搜索 ▸ 评估策略）：分别使用该策略和 none、flip-shift、trivial-augment 等基线训练一个小网络或 ResNet-18，并比较它们在保留图像上的准确率。&lt;/li&gt;&lt;/ol&gt;&lt;p&gt;同样的搜索也可以在没有窗口时运行：&lt;code&gt;augstudio-cli help&lt;/code&gt;、&lt;code&gt;man augstudio-cli&lt;/code&gt;。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>augstudio::ui::RecentFiles</name>
    <message>
        <source>&amp;%1 %2</source>
        <translation>&amp;%1 %2</translation>
    </message>
    <message>
        <source>No recent datasets</source>
        <translation>没有最近的数据集</translation>
    </message>
    <message>
        <source>&amp;Clear Menu</source>
        <translation>清除菜单(&amp;C)</translation>
    </message>
</context>
<context>
    <name>augstudio::ui::SearchPanel</name>
    <message>
        <source>Change…</source>
        <translation>更改…</translation>
    </message>
    <message>
        <source>Stop automatically on plateau</source>
        <translation>到达平台期时自动停止</translation>
    </message>
    <message>
        <source>Save Policy…</source>
        <translation>保存策略…</translation>
    </message>
    <message>
        <source>When the average parameter change stops falling, stop the search and keep the suggested epoch. Otherwise AugStudio only tells you.</source>
        <translation>当平均参数变化不再下降时，停止搜索并保留建议的轮次。否则 AugStudio 只会提示您。</translation>
    </message>
    <message>
        <source>choose an epoch</source>
        <translation>选择轮次</translation>
    </message>
    <message>
        <source>Output folder:</source>
        <translation>输出文件夹：</translation>
    </message>
    <message>
        <source>Progress:</source>
        <translation>进度：</translation>
    </message>
    <message>
        <source>Policy:</source>
        <translation>策略：</translation>
    </message>
    <message>
        <source>Messages from the search appear here.</source>
        <translation>搜索的消息会显示在这里。</translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation>就绪。</translation>
    </message>
    <message>
        <source>Epoch %1/%2 starting on %3 (%4 steps an epoch, batch %5, %6 threads)</source>
        <translation>第 %1/%2 轮在 %3 上开始（每轮 %4 步，批大小 %5，%6 个线程）</translation>
    </message>
    <message>
        <source>Paused. %1</source>
        <translation>已暂停。%1</translation>
    </message>
    <message>
        <source>Paused (after the current step). %1</source>
        <translation>已暂停（在当前步骤完成后）。%1</translation>
    </message>
    <message>
        <source>Finished after epoch %1.</source>
        <translation>已在第 %1 轮后完成。</translation>
    </message>
    <message>
        <source>Stopped; the policy of epoch %1 is saved.</source>
        <translation>已停止；第 %1 轮的策略已保存。</translation>
    </message>
    <message>
        <source>Stopped before the first epoch ended; no policy was saved.</source>
        <translation>在第一轮结束前已停止；未保存任何策略。</translation>
    </message>
    <message>
        <source>The search failed: %1</source>
        <translation>搜索失败：%1</translation>
    </message>
    <message>
        <source>epoch %1</source>
        <translation>第 %1 轮</translation>
    </message>
    <message>
        <source>no policy yet</source>
        <translation>尚无策略</translation>
    </message>
    <message>
        <source>Selected policy: epoch %1</source>
        <translation>所选策略：第 %1 轮</translation>
    </message>
    <message>
        <source>Selected policy: none</source>
        <translation>所选策略：无</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <source>A new folder when the search starts</source>
        <translation>搜索开始时新建文件夹</translation>
    </message>
    <message>
        <source>Use a Smaller Search</source>
        <translation>使用较小的搜索</translation>
    </message>
    <message>
        <source>Fewer steps an epoch (trainer.steps_per_epoch), so that the plateau rule can answer within an hour; each epoch still draws from the whole dataset</source>
        <translation>减少每轮步数（trainer.steps_per_epoch），使平台期规则能在一小时内给出判断；每轮仍从整个数据集中抽取</translation>
    </message>
    <message>
        <source>Time:</source>
        <translation>耗时：</translation>
    </message>
    <message>
        <source>About %1 an epoch (1 step); the plateau rule can answer after epoch %2 at the earliest: about %3.</source>
        <translation>每轮约 %1（1 步）；平台期规则最早在第 %2 轮后给出判断：约 %3。</translation>
    </message>
    <message>
        <source>About %1 an epoch (%2 steps); the plateau rule can answer after epoch %3 at the earliest: about %4.</source>
        <translation>每轮约 %1（%2 步）；平台期规则最早在第 %3 轮后给出判断：约 %4。</translation>
    </message>
    <message>
        <source>%1 of %2 epochs searched.</source>
        <translation>已搜索 %2 轮中的 %1 轮。</translation>
    </message>
    <message>
        <source>Stopped after epoch %1; the policy of epoch %2 is selected.</source>
        <translation>已在第 %1 轮后停止；已选中第 %2 轮的策略。</translation>
    </message>
    <message>
        <source>The policy files of the finished epochs; choose one here or click the plot</source>
        <translation>已完成轮次的策略文件；可在此选择，或点击图表</translation>
    </message>
    <message>
        <source>Policy epoch</source>
        <translation>策略轮次</translation>
    </message>
    <message>
        <source>Search log</source>
        <translation>搜索日志</translation>
    </message>
    <message>
        <source>Epoch %1/%2 · step %3/%4 · %5 images/s</source>
        <translation>第 %1/%2 轮 · 第 %3/%4 步 · %5 张图像/秒</translation>
    </message>
    <message>
        <source>%1 · ETA %2</source>
        <translation>%1 · 剩余 %2</translation>
    </message>
    <message>
        <source>About %1 an epoch (1 step); the whole search, to epoch %2: about %3. The plateau rule cannot answer by epoch %2: it can after epoch %4 at the earliest.</source>
        <translation>每轮约 %1（1 步）；整个搜索到第 %2 轮：约 %3。平台期规则到第 %2 轮为止无法给出判断：最早在第 %4 轮后才能给出。</translation>
    </message>
    <message>
        <source>About %1 an epoch (%2 steps); the whole search, to epoch %3: about %4. The plateau rule cannot answer by epoch %3: it can after epoch %5 at the earliest.</source>
        <translation>每轮约 %1（%2 步）；整个搜索到第 %3 轮：约 %4。平台期规则到第 %3 轮为止无法给出判断：最早在第 %5 轮后才能给出。</translation>
    </message>
    <message>
        <source>The search writes policy/epoch_&lt;N&gt;.json, metrics.csv, config.yaml and checkpoints here. Drop a folder here to choose it; a relative folder is taken in your home folder.</source>
        <translation>搜索会将 policy/epoch_&lt;N&gt;.json、metrics.csv、config.yaml 和检查点写入此处。将文件夹拖放到此处即可选择它；相对路径的文件夹将放在您的主文件夹中。</translation>
    </message>
    <message>
        <source>The output folder “%1” is relative: it is taken in your home folder, as %2.</source>
        <translation>输出文件夹“%1”是相对路径：它将放在您的主文件夹中，即 %2。</translation>
    </message>
</context>
<context>
    <name>augstudio::ui::SearchTimer</name>
    <message>
        <source>The search could not be timed.</source>
        <translation>无法测量搜索耗时。</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Learns image augmentation policies from your own dataset.</source>
        <translation>从您自己的数据集中学习图像增强策略。</translation>
    </message>
    <message>
        <source>Dataset folder to open.</source>
        <translation>要打开的数据集文件夹。</translation>
    </message>
    <message>
        <source>Search config (search.yaml) to load.</source>
        <translation>要加载的搜索配置（search.yaml）。</translation>
    </message>
    <message>
        <source>Load the built-in Fashion-MNIST sample.</source>
        <translation>加载内置的 Fashion-MNIST 示例。</translation>
    </message>
    <message>
        <source>Start the search right away.</source>
        <translation>立即开始搜索。</translation>
    </message>
    <message>
        <source>Folder the search writes to.</source>
        <translation>搜索写入的文件夹。</translation>
    </message>
    <message>
        <source>Cap the steps of every epoch (demos).</source>
        <translation>限制每轮的步数（用于演示）。</translation>
    </message>
</context>
</TS>
